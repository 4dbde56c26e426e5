using System.Data;
using Sqlmint.Testing;

namespace Sqlmint.RuntimeTests.Sessions;

/// <summary>
/// Commit, rollback on dispose, savepoints: each checked from an independent connection, so "gone" means the
/// rows really are not in the database. On both databases.
/// </summary>
public sealed class TransactionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Committed_rows_are_visible_to_other_connections(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (SessionTransaction tx = session.Begin())
        {
            session.Execute("insert into item (id) values (1)");
            session.Execute("insert into item (id) values (2)");
            tx.Commit();
            Assert.False(tx.IsActive);
        }

        Assert.Equal(2L, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Dispose_without_commit_rolls_back(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (session.Begin())
        {
            session.Execute("insert into item (id) values (1)");
        }

        Assert.Null(session.Transaction);
        Assert.Equal(0L, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task An_exception_inside_the_transaction_leaves_no_rows(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        void Work()
        {
            using SessionTransaction tx = session.Begin();
            session.Execute("insert into item (id) values (1)");
            throw new InvalidOperationException("user code failed");
        }

        Assert.Throws<InvalidOperationException>(Work);

        Assert.Equal(0L, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Disposing_the_session_rolls_back_an_open_transaction(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using (Session session = Prepare(database))
        {
            session.Begin();
            session.Execute("insert into item (id) values (1)");
        }

        Assert.Equal(0L, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_savepoint_removes_only_its_own_work(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (SessionTransaction tx = session.Begin())
        {
            session.Execute("insert into item (id) values (1)");
            using (SessionTransaction savepoint = session.BeginNested())
            {
                Assert.True(savepoint.IsNested);
                Assert.Same(savepoint, session.CurrentTransaction);
                session.Execute("insert into item (id) values (2)");
                savepoint.Rollback();
            }

            using (SessionTransaction kept = session.BeginNested())
            {
                session.Execute("insert into item (id) values (3)");
                kept.Commit();
            }

            using (session.BeginNested())
            {
                session.Execute("insert into item (id) values (4)"); // disposed without commit
            }

            tx.Commit();
        }

        Assert.Equal(new long[] { 1, 3 }, Ids(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Rolling_back_the_outer_transaction_removes_committed_savepoints_too(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (SessionTransaction tx = session.Begin())
        {
            using (SessionTransaction savepoint = session.BeginNested())
            {
                session.Execute("insert into item (id) values (1)");
                savepoint.Commit();
            }

            tx.Rollback();
        }

        Assert.Equal(0L, Count(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Committing_the_outer_transaction_while_a_savepoint_is_open_is_refused(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (SessionTransaction tx = session.Begin())
        {
            session.Execute("insert into item (id) values (1)");
            SessionTransaction inner = session.BeginNested();
            var error = Assert.Throws<InvalidOperationException>(() => tx.Commit());
            Assert.Contains("still open", error.Message, StringComparison.Ordinal);
            Assert.True(inner.IsActive);
        }

        Assert.Equal(0L, Count(database)); // refused commit + dispose = rolled back
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_second_begin_is_refused_and_a_finished_transaction_cannot_commit(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        SessionTransaction tx = session.Begin();
        Assert.Throws<InvalidOperationException>(() => session.Begin());
        tx.Rollback();
        Assert.Throws<InvalidOperationException>(() => tx.Commit());
        using SessionTransaction again = session.Begin(); // the session is usable again
        again.Commit();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Async_commit_rollback_and_savepoints(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        await using Session session = Prepare(database);

        await using (SessionTransaction tx = await session.BeginAsync())
        {
            await session.ExecuteAsync("insert into item (id) values (1)");
            await using (SessionTransaction savepoint = await session.BeginNestedAsync())
            {
                await session.ExecuteAsync("insert into item (id) values (2)");
                await savepoint.RollbackAsync();
            }

            await tx.CommitAsync();
        }

        await using (await session.BeginAsync())
        {
            await session.ExecuteAsync("insert into item (id) values (9)");
        }

        Assert.Equal(new long[] { 1 }, Ids(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Begin_nested_without_a_transaction_begins_one(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using Session session = Prepare(database);

        using (SessionTransaction tx = session.BeginNested())
        {
            Assert.False(tx.IsNested);
            Assert.NotNull(session.Transaction);
            session.Execute("insert into item (id) values (1)");
        }

        Assert.Equal(0L, Count(database));
    }

    [Fact]
    public async Task The_isolation_level_reaches_postgres()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        using Session session = Db.Connect(database.Dsn);

        using SessionTransaction tx = session.Begin(IsolationLevel.Serializable);

        Assert.Equal("serializable", session.ExecuteScalar("show transaction_isolation"));
    }

    private static Session Prepare(TestDatabase database)
    {
        Session session = Db.Connect(database.Dsn);
        session.Execute("create table item (id integer primary key)");
        return session;
    }

    private static long Count(TestDatabase database) => Convert.ToInt64(database.Scalar("select count(*) from item"));

    private static long[] Ids(TestDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "select id from item order by id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0)));
        }

        return ids.ToArray();
    }
}
