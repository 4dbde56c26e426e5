using Npgsql;
using Sqlmint.Testing;

namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// An empty database on a given PostgreSQL server (the shared one, or a private one for fault tests), with its
/// Sqlmint DSN and a probe. Disposing it disposes the DSN's engine and drops the database.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    static int s_counter;

    PostgresDatabase(PostgresServer server, string name, string dsn)
    {
        Server = server;
        Name = name;
        Dsn = dsn;
        Probe = new PostgresProbe(server.ConnectionString());
    }

    public PostgresServer Server { get; }

    /// <summary>The database name (what pg_stat_activity calls <c>datname</c>).</summary>
    public string Name { get; }

    /// <summary>The Sqlmint DSN, such as <c>postgresql://postgres@127.0.0.1:5433/rel_1234_1</c>.</summary>
    public string Dsn { get; }

    public PostgresProbe Probe { get; }

    /// <summary>The driver's connection string, for independent checks beside Sqlmint (unpooled).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server.ConnectionString(Name)) { Pooling = false }.ConnectionString;

    /// <param name="server">The server.</param>
    /// <param name="scheme">The DSN scheme, such as <c>postgresql</c> or <c>postgresql+pool20</c> for a test driver.</param>
    public static async Task<PostgresDatabase> CreateAsync(PostgresServer server, string scheme = "postgresql")
    {
        string name = $"rel_{Environment.ProcessId}_{Interlocked.Increment(ref s_counter)}";
        await server.CreateDatabaseAsync(name);
        var settings = new NpgsqlConnectionStringBuilder(server.ConnectionString(name));
        string userInfo = Uri.EscapeDataString(settings.Username ?? "postgres")
            + (string.IsNullOrEmpty(settings.Password) ? "" : ":" + Uri.EscapeDataString(settings.Password));
        return new PostgresDatabase(server, name, $"{scheme}://{userInfo}@{settings.Host}:{settings.Port}/{name}");
    }

    /// <summary>Column 0 of row 0 on a new, unpooled connection (so it sees only committed work).</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Db.GetEngine(Dsn).DisposeAsync();
        if (Server.IsRunning)
            await Server.DropDatabaseAsync(Name);
    }
}
