using System.Data;
using System.Data.Common;
using Sqlmint.Testing;

namespace Sqlmint.RuntimeTests.Sessions;

/// <summary>Connect owns its connection; Using borrows one and leaves it as it was. On both databases.</summary>
public sealed class SessionOwnershipTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Connect_returns_an_open_owned_session_and_dispose_closes_it(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);

        DbConnection connection;
        using (Session session = Db.Connect(database.Dsn))
        {
            connection = session.Connection;
            Assert.True(session.OwnsConnection);
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Same(Db.GetEngine(database.Dsn), session.Engine);
            Assert.Equal(1, Convert.ToInt32(session.ExecuteScalar("select 1")));
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task ConnectAsync_returns_an_open_owned_session(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);

        await using Session session = await Db.ConnectAsync(database.Dsn);

        Assert.Equal(ConnectionState.Open, session.Connection.State);
        Assert.Equal(0, await session.ExecuteAsync("create table t (id integer)") is var n && n <= 0 ? 0 : n);
        Assert.Equal(1, await session.ExecuteAsync("insert into t (id) values (5)"));
        Assert.Equal(5, Convert.ToInt32(await session.ExecuteScalarAsync("select id from t")));
    }

    [Fact]
    public async Task A_cancelled_connect_throws_operation_cancelled()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Db.ConnectAsync(database.Dsn, cancelled.Token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task One_engine_per_dsn_and_disposing_it_starts_a_new_pool(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);

        Engine first = Db.GetEngine(database.Dsn);
        Assert.Same(first, Db.GetEngine(database.Dsn));
        using (Db.Connect(database.Dsn))
        {
        }

        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Connect());

        Engine second = Db.GetEngine(database.Dsn);
        Assert.NotSame(first, second);
        using Session session = Db.Connect(database.Dsn);
        Assert.Same(second, session.Engine);
    }

    [Fact]
    public async Task Disposing_the_engine_closes_its_pooled_postgres_connections()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        string name = database.Dsn[(database.Dsn.LastIndexOf('/') + 1)..];
        string countSql = $"select count(*) from pg_stat_activity where datname = '{name}'";

        for (int i = 0; i < 3; i++)
        {
            using Session session = Db.Connect(database.Dsn);
            session.ExecuteScalar("select 1");
        }

        // The checking connection counts itself. The three sessions reused one pooled connection, still idle.
        Assert.Equal(2L, database.Scalar(countSql));
        Db.GetEngine(database.Dsn).Dispose();

        // Only the checking connection remains. A backend leaves pg_stat_activity a moment after its client
        // disconnects, so wait (boundedly) for it.
        long remaining = 0;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            remaining = Convert.ToInt64(database.Scalar(countSql));
            if (remaining == 1)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(1L, remaining);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Using_leaves_an_open_connection_open(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using DbConnection connection = database.OpenConnection();

        using (Session session = Db.Using(connection))
        {
            Assert.False(session.OwnsConnection);
            Assert.Null(session.Engine);
            session.Execute("create table t (id integer)");
        }

        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Using_leaves_a_closed_connection_closed_even_after_a_transaction(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using DbConnection connection = database.OpenConnection();
        connection.Close();

        using (Session session = Db.Using(connection))
        {
            using SessionTransaction tx = session.Begin(); // opens the connection to begin
            Assert.Equal(ConnectionState.Open, connection.State);
            session.Execute("create table t (id integer)");
            tx.Commit();
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0L, Convert.ToInt64(database.Scalar("select count(*) from t")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Using_rolls_back_a_transaction_left_open_but_keeps_the_connection(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        using DbConnection connection = database.OpenConnection();
        using (DbCommand create = connection.CreateCommand())
        {
            create.CommandText = "create table t (id integer)";
            create.ExecuteNonQuery();
        }

        using (Session session = Db.Using(connection))
        {
            session.Begin();
            session.Execute("insert into t (id) values (1)");
        }

        Assert.Equal(ConnectionState.Open, connection.State);
        using DbCommand count = connection.CreateCommand();
        count.CommandText = "select count(*) from t";
        Assert.Equal(0L, Convert.ToInt64(count.ExecuteScalar()));
    }

    [Fact]
    public void Raw_sql_on_a_closed_borrowed_connection_is_a_clear_error()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        using Session session = Db.Using(connection);

        var error = Assert.Throws<InvalidOperationException>(() => session.Execute("select 1"));
        Assert.Contains("not open", error.Message, StringComparison.Ordinal);
    }
}
