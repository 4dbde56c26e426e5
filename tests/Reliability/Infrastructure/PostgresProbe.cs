using Npgsql;

namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// Looks at a PostgreSQL server from the outside, on unpooled connections to the <c>postgres</c> database (so the
/// probe itself never shows up as a connection of the database under test): <c>pg_stat_activity</c>, and
/// <c>pg_terminate_backend</c> to kill a session's backend.
/// </summary>
public sealed class PostgresProbe(string serverConnectionString)
{
    readonly string _connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
    {
        Database = "postgres",
        Pooling = false,
        ApplicationName = "sqlmint-reliability-probe",
    }.ConnectionString;

    /// <summary>Backends connected to <paramref name="database"/>: pid and state (<c>active</c>, <c>idle</c>, <c>idle in transaction</c>, …).</summary>
    public List<(int Pid, string? State)> Connections(string database)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "select pid, state from pg_stat_activity where datname = @db and backend_type = 'client backend' order by pid", connection);
        command.Parameters.AddWithValue("db", database);
        using var reader = command.ExecuteReader();
        var rows = new List<(int, string?)>();
        while (reader.Read())
            rows.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return rows;
    }

    /// <summary>The state of one backend, or null when it is gone.</summary>
    public string? StateOf(int pid)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("select coalesce(state, '') from pg_stat_activity where pid = @pid", connection);
        command.Parameters.AddWithValue("pid", pid);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Runs SQL as the superuser on the <c>postgres</c> database (CHECKPOINT, say).</summary>
    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Kills a backend as an administrator would; true when the signal was sent.</summary>
    public bool Terminate(int pid)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("select pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        return command.ExecuteScalar() is true;
    }

    /// <summary>Waits until the backend runs a statement (its state is <c>active</c>), so a kill lands mid-query.</summary>
    public async Task WaitUntilActiveAsync(int pid, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (StateOf(pid) != "active")
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Backend {pid} never became active (state: {StateOf(pid) ?? "gone"}).");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the backend reports <paramref name="state"/> (it updates pg_stat_activity a moment after replying).</summary>
    public async Task WaitUntilStateAsync(int pid, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (StateOf(pid) != state)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Backend {pid} never reached state '{state}' (state: {StateOf(pid) ?? "gone"}).");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until no backend of <paramref name="database"/> runs a statement; returns those still active (empty on success).</summary>
    public async Task<List<(int Pid, string? State)>> WaitForNoActiveAsync(string database, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var active = Connections(database).Where(c => c.State == "active").ToList();
            if (active.Count == 0 || DateTime.UtcNow > deadline)
                return active;
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until a backend has exited (a terminated backend takes a moment to leave pg_stat_activity).</summary>
    public async Task WaitUntilGoneAsync(int pid, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (StateOf(pid) is not null)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Backend {pid} is still there.");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>, default 10 s) until no backend is connected to
    /// <paramref name="database"/>, and returns what is left: empty on success. A backend leaves
    /// pg_stat_activity a moment after its client closes the socket, hence the wait.
    /// </summary>
    public async Task<List<(int Pid, string? State)>> WaitForNoConnectionsAsync(string database, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = Connections(database);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
                return left;
            await Task.Delay(20);
        }
    }

    public static string Describe(IEnumerable<(int Pid, string? State)> connections) =>
        "[" + string.Join(", ", connections.Select(c => $"{c.Pid}:{c.State ?? "null"}")) + "]";
}
