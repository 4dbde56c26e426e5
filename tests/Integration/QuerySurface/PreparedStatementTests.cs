using System.Data.Common;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

/// <summary>
/// Tests that read or flip <see cref="Db.PrepareStatements"/>, a process-wide switch: run alone, so no other test's
/// calls happen while it is off.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PreparationCollection
{
    public const string Name = "Statement preparation";
}

/// <summary>
/// On Npgsql, a generated method whose SQL is one fixed statement is prepared on the server: PostgreSQL parses and
/// plans it once per physical connection, and Npgsql keeps it across pooled opens. What is checked here is the
/// server's own list, <c>pg_prepared_statements</c>, of the connection the method ran on.
/// </summary>
[Collection(PreparationCollection.Name)]
public sealed class PreparedStatementTests() : SurfaceTest(Dbms.Postgres), IAsyncLifetime
{
    const string InsertSql = "insert into note (id, body) values ($1, $2)";
    const string FindSql = "select id, body from note where body = $1";
    const string AllSql = "select id, body from note order by id";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection.CreateNoteTable();
    }

    [Fact]
    public async Task A_fixed_statement_is_prepared_once_and_kept_when_the_connection_goes_back_to_the_pool()
    {
        int backend;
        using (Session session = Connect())
        {
            backend = ((NpgsqlConnection)session.Connection).ProcessID;
            Assert.Equal(1, session.Connection.InsertNote(1, "a"));
            Assert.Equal(new Note(1, "a"), session.Connection.FindNote("a"));
            Assert.Equal(new Note(1, "a"), await session.Connection.FindNoteAsync("a", CancellationToken.None));
            Assert.Equal([new Note(1, "a")], session.Connection.AllNotes());

            Assert.Equal(1, PreparedCount(session.Connection, InsertSql));
            Assert.Equal(1, PreparedCount(session.Connection, FindSql));
            Assert.Equal(1, PreparedCount(session.Connection, AllSql));
        }

        // The same pooled server connection: the statements are still there, and calls use them.
        using (Session session = Connect())
        {
            Assert.Equal(backend, ((NpgsqlConnection)session.Connection).ProcessID);
            Assert.Equal(1, PreparedCount(session.Connection, InsertSql));
            for (int id = 2; id <= 5; id++)
                Assert.Equal(1, session.Connection.InsertNote(id, "b" + id));
            Assert.Equal(new Note(3, "b3"), session.Connection.FindNote("b3"));
            Assert.Equal(1, PreparedCount(session.Connection, InsertSql));
            Assert.Equal(3, PreparedTotal(session.Connection));
        }
    }

    [Fact]
    public void Execute_many_prepares_its_one_statement_for_the_whole_batch()
    {
        var notes = Enumerable.Range(1, 50).Select(i => new Note(i, "n" + i)).ToList();
        Assert.Equal(50, Connection.InsertNotes(notes));
        Assert.Equal(1, PreparedCount(Connection, InsertSql));
        Assert.Equal(50, Connection.InsertNotes(notes.Select(n => n with { Id = n.Id + 100 })));
        Assert.Equal(1, PreparedCount(Connection, InsertSql));
        Assert.Equal(notes.Concat(notes.Select(n => n with { Id = n.Id + 100 })), Connection.AllNotes());
    }

    [Fact]
    public void An_in_list_statement_is_not_prepared_since_its_text_depends_on_the_list()
    {
        Connection.InsertNote(1, "a");
        Connection.InsertNote(2, "b");
        Assert.Equal([new Note(1, "a"), new Note(2, "b")], Connection.NotesIn(["a", "b"]));
        Assert.Equal([new Note(2, "b")], Connection.NotesIn(["b"]));
        Assert.Equal(0, Scalar(Connection, "select count(*) from pg_prepared_statements where statement like '%body in%'"));
    }

    [Fact]
    public void A_changed_result_column_type_fails_the_next_call_once_on_that_connection_and_then_works()
    {
        // The limit docs/scaling.md states: PostgreSQL refuses a prepared statement whose result type changed, and
        // Npgsql prepares it again after that error.
        Connection.InsertNote(1, "a");
        Assert.Equal(new Note(1, "a"), Connection.FindNote("a"));
        Run("alter table note alter column body type varchar(100)");
        var error = Assert.Throws<PostgresException>(() => Connection.FindNote("a"));
        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Equal(new Note(1, "a"), Connection.FindNote("a"));
    }

    [Theory]
    [InlineData("discard all")]
    [InlineData("DEALLOCATE ALL")]
    [InlineData("deallocate _p1")]
    public async Task Statements_a_session_drops_on_the_server_are_prepared_again(string sql)
    {
        using Session session = Db.Using(Connection);
        Assert.Equal(1, Connection.InsertNote(1, "a"));
        Assert.Equal(1, PreparedCount(Connection, InsertSql));

        // Npgsql does not notice: without Sqlmint telling it to forget, every later call would fail with 26000.
        session.Execute(sql);
        Assert.Equal(1, Connection.InsertNote(2, "b"));
        Assert.Equal(new Note(2, "b"), Connection.FindNote("b"));
        Assert.Equal(1, PreparedCount(Connection, InsertSql));

        await session.ExecuteAsync(sql);
        Assert.Equal(1, Connection.InsertNote(3, "c"));
        session.ExecuteScalar(sql + "; select 1");
        Assert.Equal(1, Connection.InsertNote(4, "d"));
    }

    [Fact]
    public void Statements_dropped_by_raw_driver_sql_fail_until_the_driver_is_told_as_docs_say()
    {
        Assert.Equal(1, Connection.InsertNote(1, "a"));
        Run("discard all");
        var error = Assert.Throws<PostgresException>(() => Connection.InsertNote(2, "b"));
        Assert.Equal(PostgresErrorCodes.InvalidSqlStatementName, error.SqlState);

        ((NpgsqlConnection)Connection).UnprepareAll();
        Assert.Equal(1, Connection.InsertNote(2, "b"));
    }

    [Fact]
    public void DDL_is_not_prepared()
    {
        // The table was made by a generated [Execute] in InitializeAsync; drop and make it again the same way.
        Run("drop table note");
        Connection.CreateNoteTable();
        Assert.Equal(1, Connection.InsertNote(1, "a"));
        Assert.Equal(0, Scalar(Connection, "select count(*) from pg_prepared_statements where statement like '%table note%'"));
        Assert.Equal(1, PreparedTotal(Connection));
    }

    [Fact]
    public void Turned_off_nothing_is_prepared_and_calls_still_work()
    {
        Db.PrepareStatements = false;
        try
        {
            Assert.Equal(1, Connection.InsertNote(1, "a"));
            Assert.Equal(new Note(1, "a"), Connection.FindNote("a"));
            Assert.Equal(2, Connection.InsertNotes([new Note(2, "b"), new Note(3, "c")]));
            Assert.Equal(0, PreparedTotal(Connection));
        }
        finally
        {
            Db.PrepareStatements = true;
        }

        Assert.Equal(new Note(2, "b"), Connection.FindNote("b"));
        Assert.Equal(1, PreparedCount(Connection, FindSql));
    }

    [Fact]
    public async Task A_multiplexing_connection_is_not_prepared_because_npgsql_cannot()
    {
        var builder = new NpgsqlDataSourceBuilder(Database.ConnectionString);
        builder.ConnectionStringBuilder.Multiplexing = true;
        await using NpgsqlDataSource dataSource = builder.Build();
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();

        // Npgsql throws NotSupportedException from Prepare on such a connection; the generated code must not call it.
        // (Multiplexing also allows only async execution.)
        Assert.Equal(1, await connection.InsertNoteAsync(1, "a", CancellationToken.None));
        Assert.Equal(new Note(1, "a"), await connection.FindNoteAsync("a", CancellationToken.None));
        Assert.Equal(2, await connection.InsertNotesAsync([new Note(2, "b"), new Note(3, "c")], CancellationToken.None));
        Assert.Equal(3, Count("select count(*) from note"));
    }

    [Fact]
    public void A_server_error_while_preparing_surfaces_as_the_driver_error_and_the_connection_stays_usable()
    {
        Run("drop table note");
        var error = Assert.Throws<PostgresException>(() => Connection.FindNote("a"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);

        Connection.CreateNoteTable();
        Assert.Equal(1, Connection.InsertNote(1, "a"));
        Assert.Equal(new Note(1, "a"), Connection.FindNote("a"));
    }

    static long PreparedCount(DbConnection connection, string statement)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "select count(*) from pg_prepared_statements where statement = @statement";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "statement";
        parameter.Value = statement;
        command.Parameters.Add(parameter);
        return (long)command.ExecuteScalar()!;
    }

    static long PreparedTotal(DbConnection connection) => Scalar(connection, "select count(*) from pg_prepared_statements");

    static long Scalar(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}

public static partial class PreparedSql
{
    [Query("select id, body from note where body = @body")]
    public static partial Task<Note?> FindNoteAsync(this DbConnection db, string body, CancellationToken ct);

    [Execute("insert into note (id, body) values (@id, @body)")]
    public static partial Task<int> InsertNoteAsync(this DbConnection db, long id, string body, CancellationToken ct);

    [Execute("insert into note (id, body) values (@Id, @Body)")]
    public static partial Task<int> InsertNotesAsync(this DbConnection db, IEnumerable<Note> notes, CancellationToken ct);

}
