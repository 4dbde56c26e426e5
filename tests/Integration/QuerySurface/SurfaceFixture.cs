using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

/// <summary>
/// Base of the query-surface tests: a private, writable Chinook database (from <see cref="ChinookTest"/>) plus its
/// Sqlmint DSN, so a test can use <see cref="Db.Connect(string)"/> sessions, the engine's pool, or plain connections.
/// Disposing it disposes the DSN's engine (its pool) before the database is dropped.
/// </summary>
public abstract class SurfaceTest(Dbms dbms) : ChinookTest(dbms), IAsyncLifetime
{
    string? _dsn;

    /// <summary>The Sqlmint DSN of the test's Chinook database.</summary>
    protected string Dsn => _dsn ??= DsnOf(Database);

    protected bool IsPostgres => Dbms == Dbms.Postgres;

    /// <summary>A session from <see cref="Db.Connect(string)"/>: it owns a pooled connection.</summary>
    protected Session Connect() => Db.Connect(Dsn);

    /// <summary>Column 0 of row 0 of <paramref name="sql"/> on a new, independent connection (null for NULL).</summary>
    protected object? Scalar(string sql)
    {
        using DbConnection connection = Database.NewConnection();
        connection.Open();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>A count on a new, independent connection (so it sees only committed work).</summary>
    protected long Count(string sql) => Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs driver SQL on the test's open connection.</summary>
    protected void Run(string sql)
    {
        using DbCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Queries that are still running on the test's PostgreSQL database, other than the one asking.</summary>
    protected long ActivePostgresQueries() => Count(
        "select count(*) from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()");

    static string DsnOf(ChinookDatabase database)
    {
        if (database.Dbms == Dbms.Sqlite)
            return "sqlite:///" + new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        string userInfo = Uri.EscapeDataString(settings.Username ?? "postgres")
            + (string.IsNullOrEmpty(settings.Password) ? "" : ":" + Uri.EscapeDataString(settings.Password));
        return $"postgresql://{userInfo}@{settings.Host}:{settings.Port}/{settings.Database}";
    }

    public new Task InitializeAsync() => base.InitializeAsync();

    public new async Task DisposeAsync()
    {
        if (_dsn is not null)
            await Db.GetEngine(_dsn).DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A <see cref="DbDataSource"/> over a driver connection string that remembers every connection it hands out,
/// so a test can check that generated code gave each one back (disposed it).
/// </summary>
public sealed class TrackingDataSource(Func<DbConnection> factory, string connectionString) : DbDataSource
{
    readonly List<DbConnection> _created = new();

    public override string ConnectionString => connectionString;

    public int Created
    {
        get { lock (_created) return _created.Count; }
    }

    /// <summary>How many of the handed-out connections are not closed (still held by someone).</summary>
    public int StillOpen
    {
        get { lock (_created) return _created.Count(c => c.State != System.Data.ConnectionState.Closed); }
    }

    protected override DbConnection CreateDbConnection()
    {
        DbConnection connection = factory();
        lock (_created) _created.Add(connection);
        return connection;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_created)
            {
                foreach (DbConnection connection in _created)
                    connection.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
