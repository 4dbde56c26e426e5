using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.Testing;

/// <summary>
/// An empty, private database on SQLite (a temp file) or on the shared PostgreSQL server (a new database),
/// with its Sqlmint DSN and its driver connection string, so one test body can run on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    static int s_counter;

    TestDatabase(string kind, string dsn, string connectionString, string? postgresName, string? sqlitePath)
    {
        Kind = kind;
        Dsn = dsn;
        ConnectionString = connectionString;
        _postgresName = postgresName;
        _sqlitePath = sqlitePath;
    }

    readonly string? _postgresName;
    readonly string? _sqlitePath;

    /// <summary>Both kinds, for xunit MemberData.</summary>
    public static TheoryData<string> Kinds => new() { Sqlite, Postgres };

    public string Kind { get; }

    /// <summary>The Sqlmint DSN, such as <c>postgresql://postgres@127.0.0.1:5433/rt_3</c>.</summary>
    public string Dsn { get; }

    /// <summary>The driver's own connection string, for hand-written checks beside Sqlmint.</summary>
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string kind)
    {
        int n = Interlocked.Increment(ref s_counter);
        if (kind == Sqlite)
        {
            string dir = Path.Combine(Path.GetTempPath(), "sqlmint-tests");
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, $"db-{Environment.ProcessId}-{n}-{Guid.NewGuid():N}.db");
            return new TestDatabase(kind, "sqlite:///" + path, new SqliteConnectionStringBuilder { DataSource = path }.ToString(), null, path);
        }

        if (kind != Postgres)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected 'sqlite' or 'postgresql'.");
        }

        PostgresServer server = PostgresServer.Shared;
        string name = $"rt_{Environment.ProcessId}_{n}";
        await server.CreateDatabaseAsync(name).ConfigureAwait(false);
        var settings = new NpgsqlConnectionStringBuilder(server.ConnectionString(name));
        string userInfo = Uri.EscapeDataString(settings.Username ?? "postgres")
            + (string.IsNullOrEmpty(settings.Password) ? "" : ":" + Uri.EscapeDataString(settings.Password));
        string dsn = $"postgresql://{userInfo}@{settings.Host}:{settings.Port}/{name}";
        return new TestDatabase(kind, dsn, settings.ToString(), name, null);
    }

    /// <summary>A new, open driver connection that Sqlmint knows nothing about (for independent checks).</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = Kind == Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL on an independent connection and returns column 0 of row 0.</summary>
    public object? Scalar(string sql)
    {
        using DbConnection connection = OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        // Close this DSN's pool (and only this one: other tests run in parallel with their own engines).
        Db.GetEngine(Dsn).Dispose();
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.Shared.DropDatabaseAsync(_postgresName).ConfigureAwait(false);
        }

        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_sqlitePath);
        }
    }
}
