using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sqlmint.Testing;

/// <summary>
/// A throwaway PostgreSQL primary and a streaming hot standby on two free ports of 127.0.0.1, made from the
/// installed server binaries: initdb + <c>wal_level=replica</c> for the primary, <c>pg_basebackup -R</c> for the
/// standby. Trust auth, no fsync. Both clusters live in one temp dir that is removed on dispose, at process exit,
/// and (through a watchdog shell) even when the test host is killed.
/// </summary>
/// <remarks>
/// As root, the binaries run as the <c>postgres</c> OS user through <c>runuser</c>, as in <see cref="PostgresServer"/>.
/// Use <see cref="Shared"/> (one pair per test process, started on first use); a test that stops the primary
/// must start it again (<see cref="StartPrimaryAsync"/>) before it ends, and the tests that use the pair must not
/// run in parallel with each other.
/// </remarks>
public sealed class ReplicationPair : IDisposable, IAsyncDisposable
{
    /// <summary>Prefix of the temp dirs of pairs, so leftovers of killed runs can be recognised.</summary>
    public const string TempDirPrefix = "sqlmint-pgrepl-";

    /// <summary>Superuser of both clusters (trust auth from 127.0.0.1).</summary>
    public const string SuperUser = "postgres";

    /// <summary>The login role with REPLICATION that the standby streams as.</summary>
    public const string ReplicationUser = "replicator";

    /// <summary>OS user that runs the server binaries when the tests run as root (PostgreSQL refuses root).</summary>
    public const string OsUser = "postgres";

    const int StartAttempts = 4;
    static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(75);
    static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    static readonly Lazy<ReplicationPair> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    readonly string _binDir;
    readonly string _rootDir;
    readonly string? _runAs;
    readonly object _gate = new();
    readonly EventHandler _onProcessExit;
    bool _primaryRunning;
    bool _standbyRunning;
    bool _disposed;

    ReplicationPair(string binDir, string rootDir, string? runAs)
    {
        _binDir = binDir;
        _rootDir = rootDir;
        _runAs = runAs;
        _onProcessExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>The pair shared by every test of this process: started on first use, stopped at process exit.</summary>
    public static ReplicationPair Shared => s_shared.Value;

    /// <summary>The address both servers listen on.</summary>
    public string Host => "127.0.0.1";

    public int PrimaryPort { get; private set; }

    public int StandbyPort { get; private set; }

    /// <summary>How Npgsql names the primary in <c>NpgsqlConnection.DataSource</c> (and so <c>Session.Host</c>).</summary>
    public string PrimaryAddress => $"tcp://{Host}:{PrimaryPort}";

    /// <summary>How Npgsql names the standby in <c>NpgsqlConnection.DataSource</c> (and so <c>Session.Host</c>).</summary>
    public string StandbyAddress => $"tcp://{Host}:{StandbyPort}";

    public string PrimaryDataDirectory => Path.Combine(_rootDir, "primary");

    public string StandbyDataDirectory => Path.Combine(_rootDir, "standby");

    public string PrimaryLogFile => Path.Combine(_rootDir, "primary.log");

    public string StandbyLogFile => Path.Combine(_rootDir, "standby.log");

    public bool IsPrimaryRunning
    {
        get
        {
            lock (_gate)
                return _primaryRunning;
        }
    }

    /// <summary>
    /// A Sqlmint DSN naming both servers, primary first:
    /// <c>postgresql://postgres@127.0.0.1:P1,127.0.0.1:P2/postgres?target_session_attrs=…</c>, plus
    /// <paramref name="query"/> (e.g. <c>load_balance_hosts=random&amp;connect_timeout=2</c>) when given.
    /// </summary>
    public string Dsn(string? targetSessionAttrs = null, string? query = null, bool standbyFirst = false, string database = "postgres")
    {
        var primary = $"{Host}:{PrimaryPort}";
        var standby = $"{Host}:{StandbyPort}";
        var hosts = standbyFirst ? $"{standby},{primary}" : $"{primary},{standby}";
        var parts = new List<string>();
        if (targetSessionAttrs is not null)
            parts.Add("target_session_attrs=" + targetSessionAttrs);
        if (!string.IsNullOrEmpty(query))
            parts.Add(query.TrimStart('?', '&'));
        var suffix = parts.Count == 0 ? "" : "?" + string.Join("&", parts);
        return $"postgresql://{SuperUser}@{hosts}/{Uri.EscapeDataString(database)}{suffix}";
    }

    /// <summary>An unpooled Npgsql connection string for the primary alone (the fixture's own checks use these).</summary>
    public string PrimaryConnectionString(string database = "postgres") => ConnectionString(PrimaryPort, database);

    /// <summary>An unpooled Npgsql connection string for the standby alone.</summary>
    public string StandbyConnectionString(string database = "postgres") => ConnectionString(StandbyPort, database);

    string ConnectionString(int port, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = port,
        Username = SuperUser,
        Database = database,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Starts a new pair (prefer <see cref="Shared"/>); dispose it.</summary>
    public static ReplicationPair Start()
    {
        var binDir = PostgresServer.FindBinDirectory();
        var runAs = RunAsUser();
        var tempRoot = runAs is null ? Path.GetTempPath() : "/tmp";
        CleanUpLeftovers(tempRoot);

        var pair = new ReplicationPair(binDir, TempDirs.Create(tempRoot, TempDirPrefix), runAs);
        try
        {
            pair.StartWatchdog();
            pair.CreateAndStart();
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Stops the primary (fast shutdown, or an immediate, crash-like one). The standby keeps running.</summary>
    public Task StopPrimaryAsync(bool immediate = false) => Task.Run(() =>
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_primaryRunning)
                return;
            var stop = PgCtl(PrimaryDataDirectory, "-m", immediate ? "immediate" : "fast", "stop");
            if (!stop.Succeeded)
                throw new InvalidOperationException($"Stopping the primary failed (exit code {stop.ExitCode}).\n{stop.CommandLine}\n{stop.Output}\n{Logs()}");
            _primaryRunning = false;
        }
    });

    /// <summary>Starts the primary again on its port and waits until the standby streams from it again.</summary>
    public async Task StartPrimaryAsync(TimeSpan? timeout = null)
    {
        await Task.Run(() =>
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_primaryRunning)
                    return;
                var error = TryStart(PrimaryDataDirectory, PrimaryLogFile, PrimaryPort, primary: true);
                if (error is not null)
                    throw new InvalidOperationException($"The primary did not restart on port {PrimaryPort}.\n{error}");
                _primaryRunning = true;
            }
        }).ConfigureAwait(false);
        await WaitForStreamingAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Waits until the primary reports a streaming standby and the standby is in recovery.</summary>
    public async Task WaitForStreamingAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        string? last = null;
        while (true)
        {
            try
            {
                var streaming = await ScalarAsync<long>(PrimaryConnectionString(),
                    "select count(*) from pg_stat_replication where state = 'streaming'").ConfigureAwait(false);
                var inRecovery = await ScalarAsync<bool>(StandbyConnectionString(), "select pg_is_in_recovery()").ConfigureAwait(false);
                if (!inRecovery)
                    throw new InvalidOperationException($"The standby on port {StandbyPort} is not in recovery: it was promoted.");
                if (streaming > 0)
                    return;
                last = "pg_stat_replication on the primary shows no streaming standby yet";
            }
            catch (NpgsqlException ex)
            {
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The standby did not start streaming within {(timeout ?? DefaultWait).TotalSeconds:0} s ({last}).\n{Logs()}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the standby has replayed everything the primary has written so far
    /// (<c>pg_last_wal_replay_lsn()</c> on the standby reaches the primary's <c>pg_current_wal_insert_lsn()</c>).
    /// </summary>
    public async Task WaitForReplayAsync(TimeSpan? timeout = null)
    {
        // The insert position, not pg_current_wal_lsn() (the write position): with synchronous_commit=off a commit
        // record can be inserted but not yet written, and waiting for the write position would miss it.
        var target = await ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>(PrimaryConnectionString(), "select pg_current_wal_insert_lsn()").ConfigureAwait(false);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var replayed = await ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber?>(StandbyConnectionString(), "select pg_last_wal_replay_lsn()").ConfigureAwait(false);
            if (replayed is { } lsn && lsn >= target)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The standby did not replay up to {target} within {(timeout ?? DefaultWait).TotalSeconds:0} s (it is at {replayed?.ToString() ?? "nothing"}).\n{Logs()}");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            if (_standbyRunning)
                TryImmediateStop(StandbyDataDirectory);
            if (_primaryRunning)
                TryImmediateStop(PrimaryDataDirectory);
            _standbyRunning = _primaryRunning = false;
            TempDirs.TryDelete(_rootDir);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"PostgreSQL primary at {Host}:{PrimaryPort}, standby at {Host}:{StandbyPort} ({_rootDir})";

    /// <summary>
    /// Removes temp dirs of pairs whose test process is gone, first stopping any postmaster still running in them.
    /// Returns how many were removed.
    /// </summary>
    public static int CleanUpLeftovers(string tempRoot)
    {
        var removed = 0;
        foreach (var dir in TempDirs.Orphans(tempRoot, TempDirPrefix))
        {
            foreach (var dataDir in new[] { Path.Combine(dir, "standby"), Path.Combine(dir, "primary") })
            {
                if (PostmasterPid(dataDir) is not { } pid || !TempDirs.IsAlive(pid))
                    continue;
                try
                {
                    ProcessRunner.Run(Path.Combine(PostgresServer.FindBinDirectory(), "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"],
                        workingDirectory: tempRoot, runAs: RunAsUser(), timeout: TimeSpan.FromSeconds(40));
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    // Delete anyway; the orphan then at least no longer holds disk space.
                }
            }
            if (TempDirs.TryDelete(dir))
                removed++;
        }
        return removed;
    }

    void CreateAndStart()
    {
        if (_runAs is not null)
        {
            var chown = ProcessRunner.Run("chown", ["-R", _runAs, _rootDir], timeout: TimeSpan.FromSeconds(10));
            if (!chown.Succeeded)
                throw new InvalidOperationException($"Could not hand {_rootDir} to the '{_runAs}' user.\n{chown.CommandLine}\n{chown.Output}");
        }

        // 1. The primary.
        var initdb = Run("initdb", "-D", PrimaryDataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        if (!initdb.Succeeded)
            throw new InvalidOperationException($"initdb failed (exit code {initdb.ExitCode}).\n{initdb.CommandLine}\n{initdb.Output}");
        // initdb's defaults already allow replication from 127.0.0.1 with --auth=trust; say so explicitly, for the role we use.
        File.AppendAllText(Path.Combine(PrimaryDataDirectory, "pg_hba.conf"),
            $"\n# sqlmint ReplicationPair\nhost replication {ReplicationUser} 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n");
        lock (_gate)
        {
            PrimaryPort = StartOnFreePort(PrimaryDataDirectory, PrimaryLogFile, primary: true, "primary");
            _primaryRunning = true;
        }
        Exec(PrimaryConnectionString(), $"create role {ReplicationUser} with login replication");

        // 2. The standby: a base backup that streams its WAL (-X stream) and is set up to follow the primary (-R:
        // standby.signal plus primary_conninfo naming 127.0.0.1 and the primary's port).
        var backup = Run("pg_basebackup", "-D", StandbyDataDirectory, "-h", Host, "-p", PrimaryPort.ToString(CultureInfo.InvariantCulture),
            "-U", ReplicationUser, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-w");
        if (!backup.Succeeded)
            throw new InvalidOperationException($"pg_basebackup failed (exit code {backup.ExitCode}).\n{backup.CommandLine}\n{backup.Output}\n{Logs()}");
        lock (_gate)
        {
            StandbyPort = StartOnFreePort(StandbyDataDirectory, StandbyLogFile, primary: false, "standby");
            _standbyRunning = true;
        }

        // 3. Streaming, not just started.
        WaitForStreamingAsync().GetAwaiter().GetResult();
    }

    int StartOnFreePort(string dataDir, string logFile, bool primary, string role)
    {
        string? lastError = null;
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var port = FreePort();
            lastError = TryStart(dataDir, logFile, port, primary);
            if (lastError is null)
                return port;
            // Another process may take the free port between our probe and the bind; try another.
            if (!lastError.Contains("could not bind", StringComparison.OrdinalIgnoreCase) &&
                !lastError.Contains("already in use", StringComparison.OrdinalIgnoreCase))
                break;
        }
        throw new InvalidOperationException($"The {role} did not start.\n{lastError}");
    }

    /// <summary>Starts a postmaster; null on success, else a report with the log.</summary>
    string? TryStart(string dataDir, string logFile, int port, bool primary)
    {
        // Same settings on both (a standby needs max_connections etc. >= the primary's); -k keeps sockets in our dir.
        var options =
            $"-p {port} -k {_rootDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off " +
            "-c max_connections=100 -c wal_level=replica -c max_wal_senders=5 -c wal_keep_size=64MB -c hot_standby=on " +
            "-c wal_receiver_status_interval=1s -c wal_retrieve_retry_interval=200ms -c checkpoint_timeout=1h " +
            "-c shared_buffers=32MB";
        var logOffset = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        ProcessResult start;
        try
        {
            start = PgCtl(dataDir, "-l", logFile, "-o", options, "start");
        }
        catch (TimeoutException ex)
        {
            TryImmediateStop(dataDir);
            return ex.Message + "\nServer log:\n" + ReadLog(logFile, logOffset);
        }
        if (start.Succeeded)
            return null;
        TryImmediateStop(dataDir);
        return $"pg_ctl start of the {(primary ? "primary" : "standby")} failed (exit code {start.ExitCode}).\n{start.CommandLine}\n{start.Output}\nServer log ({logFile}):\n{ReadLog(logFile, logOffset)}";
    }

    /// <summary>Stops both clusters and deletes the dir even if the test host is killed before its ProcessExit handlers run.</summary>
    void StartWatchdog()
    {
        var pgCtl = TempDirs.ShellQuote(Path.Combine(_binDir, "pg_ctl"));
        var run = _runAs is null ? pgCtl : $"runuser -u {_runAs} -- {pgCtl}";
        var stopStandby = $"{run} -D {TempDirs.ShellQuote(StandbyDataDirectory)} -m immediate -w -t 30 stop >/dev/null 2>&1";
        var stopPrimary = $"{run} -D {TempDirs.ShellQuote(PrimaryDataDirectory)} -m immediate -w -t 30 stop >/dev/null 2>&1";
        TempDirs.DeleteWhenProcessExits(_rootDir, $"{stopStandby}; {stopPrimary}");
    }

    void TryImmediateStop(string dataDir)
    {
        try
        {
            PgCtl(dataDir, "-m", "immediate", "stop");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            // Best effort; the watchdog or a later run's leftover cleanup stops an orphan.
        }
    }

    ProcessResult PgCtl(string dataDir, params string[] args) => Run("pg_ctl", ["-D", dataDir, "-w", "-t", "60", .. args]);

    ProcessResult Run(string tool, params string[] args) =>
        ProcessRunner.Run(Path.Combine(_binDir, tool), args, workingDirectory: _rootDir, runAs: _runAs, timeout: ToolTimeout);

    string Logs() =>
        $"Primary log ({PrimaryLogFile}):\n{Tail(ReadLog(PrimaryLogFile, 0))}\nStandby log ({StandbyLogFile}):\n{Tail(ReadLog(StandbyLogFile, 0))}";

    static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    static string ReadLog(string logFile, long offset)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(no log: {ex.Message})";
        }
    }

    static void Exec(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    /// <summary>Null when we may run the binaries ourselves; "postgres" when we are root and must switch user.</summary>
    static string? RunAsUser()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
            return null;
        var id = ProcessRunner.Run("id", ["-u", OsUser], timeout: TimeSpan.FromSeconds(10));
        if (!id.Succeeded)
        {
            throw new InvalidOperationException(
                $"The tests run as root, and PostgreSQL refuses to run as root, but there is no '{OsUser}' OS user to run it as. " +
                $"Create one (useradd --system --user-group {OsUser}) or run the tests as a normal user.");
        }
        return OsUser;
    }

    static int? PostmasterPid(string dataDir)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
