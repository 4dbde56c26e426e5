using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Testing;

namespace Sqlmint.IntegrationTests.Fixtures;

/// <summary>The database systems every integration test runs against.</summary>
public enum Dbms
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A private, writable Chinook database for one test: a copy of the snake_case SQLite Chinook file, or a
/// clone of the PostgreSQL Chinook template on the shared throwaway server. Both have the same tables and
/// columns (<c>album(album_id, title, artist_id)</c>, ...), so the same SQL runs on both. Disposing it
/// deletes the file or drops the database.
/// </summary>
public sealed class ChinookDatabase : IAsyncDisposable
{
    static int s_counter;

    readonly string? _postgresDatabase;
    readonly string? _sqliteFile;

    ChinookDatabase(Dbms dbms, string connectionString, string? postgresDatabase, string? sqliteFile)
    {
        Dbms = dbms;
        ConnectionString = connectionString;
        _postgresDatabase = postgresDatabase;
        _sqliteFile = sqliteFile;
    }

    public Dbms Dbms { get; }

    public string ConnectionString { get; }

    public static async Task<ChinookDatabase> CreateAsync(Dbms dbms)
    {
        switch (dbms)
        {
            case Dbms.Sqlite:
                var file = ChinookLoader.CopyOfSqliteChinookSnakeCase();
                // No pooling, so the file is closed and deletable once the test's connections are disposed.
                var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
                return new ChinookDatabase(dbms, sqlite, null, file);
            case Dbms.Postgres:
                var name = $"sqlmint_it_{Environment.ProcessId}_{Interlocked.Increment(ref s_counter)}";
                var postgres = await ChinookLoader.CopyOfPostgresChinookAsync(name);
                return new ChinookDatabase(dbms, postgres, name, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(dbms), dbms, null);
        }
    }

    /// <summary>A new, closed connection to this database.</summary>
    public DbConnection NewConnection() => Dbms switch
    {
        Dbms.Sqlite => new SqliteConnection(ConnectionString),
        _ => new NpgsqlConnection(ConnectionString),
    };

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
            await PostgresServer.Shared.DropDatabaseAsync(_postgresDatabase);
        if (_sqliteFile is not null)
        {
            try
            {
                File.Delete(_sqliteFile);
            }
            catch (IOException)
            {
                // Still open somewhere; the loader's temp dir goes at process exit anyway.
            }
        }
    }
}
