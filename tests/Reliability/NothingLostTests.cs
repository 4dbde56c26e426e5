using System.Data.Common;
using Sqlmint.Testing;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// Nothing lost, nothing half-kept, on SQLite and PostgreSQL: committed rows survive a fresh connection and an
/// engine dispose; uncommitted work is gone after a rollback or a dispose without commit; a savepoint rolled back
/// removes only its own work; execute-many that fails at item k inside a transaction leaves nothing behind.
/// (A killed backend is in <see cref="PostgresFaultTests"/>.) Every count is read on an independent driver
/// connection, so it sees only committed work.
/// </summary>
public sealed class NothingLostTests : IAsyncLifetime
{
    TestDatabase? _sqlite;
    TestDatabase? _postgres;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_sqlite is not null)
            await _sqlite.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    async Task<TestDatabase> DatabaseAsync(string kind)
    {
        TestDatabase database = await TestDatabase.CreateAsync(kind);
        if (kind == TestDatabase.Sqlite)
            _sqlite = database;
        else
            _postgres = database;
        using Session db = Db.Connect(database.Dsn);
        db.CreateEntryTable();
        return database;
    }

    static long Count(TestDatabase database, string where = "1 = 1") =>
        Convert.ToInt64(database.Scalar("select count(*) from entry where " + where), System.Globalization.CultureInfo.InvariantCulture);

    static List<Entry> Entries(int first, int count, string label) =>
        Enumerable.Range(first, count).Select(i => new Entry(i, label, i * 10L)).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Committed_rows_survive_a_fresh_connection_and_an_engine_dispose(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        List<Entry> expected = Entries(1, 500, "committed");
        using (Session db = Db.Connect(database.Dsn))
        using (SessionTransaction tx = db.Begin())
        {
            Assert.Equal(500, db.InsertEntries(expected));
            tx.Commit();
        }

        Assert.Equal(500, Count(database));
        await Db.GetEngine(database.Dsn).DisposeAsync();

        // A new engine (a new pool) reads back every row, field by field.
        using (Session db = Db.Connect(database.Dsn))
            Assert.Equal(expected, db.AllEntries());
        using DbConnection independent = database.OpenConnection();
        Assert.Equal(500, Count(database, "label = 'committed'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task An_explicit_rollback_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        using Session db = Db.Connect(database.Dsn);
        using (SessionTransaction tx = db.Begin())
        {
            db.InsertEntries(Entries(1, 100, "rolled back"));
            Assert.Equal(100, db.CountEntries());
            tx.Rollback();
        }

        Assert.Equal(0, db.CountEntries());
        Assert.Equal(0, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_transaction_disposed_without_commit_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        using (Session db = Db.Connect(database.Dsn))
        {
            using (db.Begin())
                db.InsertEntries(Entries(1, 100, "never committed"));
            Assert.Equal(0, db.CountEntries());
        }

        Assert.Equal(0, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_session_disposed_with_its_transaction_open_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        Session db = Db.Connect(database.Dsn);
        SessionTransaction tx = db.Begin();
        db.InsertEntries(Entries(1, 100, "never committed"));
        using (db.BeginNested())
            db.InsertEntry(1000, "in a savepoint", 1);
        db.Dispose(); // the transaction object is never disposed

        Assert.False(tx.IsActive);
        Assert.Equal(0, Count(database));

        // The pooled connection that carried it comes back clean: no transaction left open on it.
        using Session next = Db.Connect(database.Dsn);
        Assert.Null(next.Transaction);
        next.InsertEntry(1, "after", 1);
        Assert.Equal(1, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task An_exception_from_user_code_inside_a_transaction_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using Session db = await Db.ConnectAsync(database.Dsn);
            await using SessionTransaction tx = await db.BeginAsync();
            for (int i = 1; i <= 10; i++)
                await db.InsertEntryAsync(i, "half written", i);
            throw new InvalidOperationException("user code failed before the commit");
        });

        Assert.Equal(0, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_savepoint_rolled_back_removes_only_its_own_work(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        using (Session db = Db.Connect(database.Dsn))
        using (SessionTransaction tx = db.Begin())
        {
            db.InsertEntry(1, "outer", 1);

            using (SessionTransaction kept = db.BeginNested())
            {
                db.InsertEntry(2, "released savepoint", 2);
                kept.Commit();
            }

            using (SessionTransaction undone = db.BeginNested())
            {
                db.InsertEntry(3, "rolled back savepoint", 3);
                using (SessionTransaction inner = db.BeginNested())
                {
                    db.InsertEntry(4, "inside the rolled back savepoint", 4);
                    inner.Commit();
                }
                undone.Rollback();
            }

            using (db.BeginNested())
            {
                db.InsertEntry(5, "disposed savepoint", 5);
            }

            using (SessionTransaction outerSavepoint = db.BeginNested())
            {
                db.InsertEntry(6, "kept outer savepoint", 6);
                using (db.BeginNested())
                    db.InsertEntry(7, "disposed inner savepoint", 7);
                db.InsertEntry(8, "after the inner one", 8);
                outerSavepoint.Commit();
            }

            db.InsertEntry(9, "outer again", 9);
            Assert.Equal([1L, 2, 6, 8, 9], db.AllEntries().Select(e => e.Id));
            tx.Commit();
        }

        Assert.Equal(5, Count(database));
        Assert.Equal(0, Count(database, "id in (3, 4, 5, 7)"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Execute_many_failing_at_item_k_inside_a_transaction_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        using (Session db = Db.Connect(database.Dsn))
            db.InsertEntry(1_000_000, "already there", 1);

        foreach (int k in new[] { 0, 1, 250, 498, 499 })
        {
            List<Entry> items = Entries(1, 500, "batch");
            items[k] = new Entry(1_000_000, "duplicate key at item " + k, 0); // fails on the primary key

            using (Session db = Db.Connect(database.Dsn))
            {
                Exception error;
                using (SessionTransaction tx = db.Begin())
                {
                    db.InsertEntry(2_000_000 + k, "before the batch, same transaction", 1);
                    error = Assert.ThrowsAny<DbException>(() => db.InsertEntries(items));
                }

                Assert.NotNull(error);
                Assert.Equal(0, db.CountEntries() - 1);
            }

            Assert.Equal(1, Count(database));
            Assert.Equal("already there", database.Scalar("select label from entry where id = 1000000"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Execute_many_failing_at_item_k_without_a_transaction_leaves_nothing(string kind)
    {
        TestDatabase database = await DatabaseAsync(kind);
        using Session db = Db.Connect(database.Dsn);
        db.InsertEntry(1_000_000, "already there", 1);
        foreach (int k in new[] { 0, 137, 499 })
        {
            List<Entry> items = Entries(1, 500, "batch");
            items[k] = new Entry(1_000_000, "duplicate", 0);
            Assert.ThrowsAny<DbException>(() => db.InsertEntries(items));
            Assert.Null(db.Transaction);
            Assert.Equal(1, Count(database));
        }

        // The session is still usable, and not left inside a transaction of the failed call.
        db.InsertEntry(1, "after", 1);
        Assert.Equal(2, Count(database));
    }
}
