using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sqlmint.Testing;

/// <summary>
/// A PostgreSQL server for tests. Normally a private, throwaway cluster made from the installed server
/// binaries (initdb into a temp dir, a free port on 127.0.0.1, trust auth, no fsync). When the
/// <c>SQLMINT_TEST_PG</c> environment variable holds a connection string, that existing server is used
/// instead and nothing is started or stopped.
/// </summary>
public sealed class PostgresServer : IDisposable, IAsyncDisposable
{
    /// <summary>Names a connection string (<c>Host=..;Port=..;Username=..;Password=..</c>) of an existing server to use.</summary>
    public const string EnvironmentVariable = "SQLMINT_TEST_PG";

    /// <summary>Prefix of the temp dirs of private clusters, so leftovers of killed runs can be recognised.</summary>
    public const string TempDirPrefix = "sqlmint-pg-";

    /// <summary>Superuser of private clusters.</summary>
    public const string SuperUser = "postgres";

    /// <summary>OS user that runs the server binaries when the tests run as root (PostgreSQL refuses root).</summary>
    public const string OsUser = "postgres";

    const int StartAttempts = 4;

    static readonly Lazy<PostgresServer> s_shared = new(StartNew, LazyThreadSafetyMode.ExecutionAndPublication);

    readonly NpgsqlConnectionStringBuilder _settings;
    readonly string? _rootDir;
    readonly string? _binDir;
    readonly string? _runAs;
    readonly object _gate = new();
    readonly EventHandler? _onProcessExit;
    bool _running;
    bool _disposed;

    PostgresServer(NpgsqlConnectionStringBuilder external)
    {
        _settings = external;
        _running = true;
    }

    PostgresServer(string binDir, string rootDir, string? runAs)
    {
        _binDir = binDir;
        _rootDir = rootDir;
        _runAs = runAs;
        _settings = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Username = SuperUser };
        // Never leave a postmaster behind when the test process ends normally.
        _onProcessExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>
    /// The server shared by every test of this process: started on first use, stopped at process exit.
    /// Do not dispose, stop or restart it; fault tests start their own with <see cref="StartPrivate"/>.
    /// </summary>
    public static PostgresServer Shared => s_shared.Value;

    /// <summary>True when this points at a server named by <c>SQLMINT_TEST_PG</c> that we do not control.</summary>
    public bool IsExternal => _rootDir is null;

    public string Host => _settings.Host ?? "localhost";

    public int Port => _settings.Port;

    public string User => _settings.Username ?? Environment.UserName;

    /// <summary>The cluster's data directory (null for an external server).</summary>
    public string? DataDirectory => _rootDir is null ? null : Path.Combine(_rootDir, "data");

    /// <summary>The server log of a private cluster (null for an external server).</summary>
    public string? LogFile => _rootDir is null ? null : Path.Combine(_rootDir, "server.log");

    /// <summary>Whether the server is believed to be accepting connections.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
                return _running;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres")
    {
        var builder = new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Database = database };
        return builder.ConnectionString;
    }

    /// <summary>
    /// Decides from the value of <c>SQLMINT_TEST_PG</c> whether to use an existing server: null means
    /// "start a private one"; otherwise the parsed settings. The message of a bad value never echoes it,
    /// since it may hold a password.
    /// </summary>
    public static NpgsqlConnectionStringBuilder? ExternalServerFrom(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"{EnvironmentVariable} is not a valid Npgsql connection string (expected Host=...;Port=...;Username=...;Password=...): {ex.GetType().Name}.",
                EnvironmentVariable);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new ArgumentException($"{EnvironmentVariable} must name a Host (expected Host=...;Port=...;Username=...;Password=...).", EnvironmentVariable);
        return builder;
    }

    /// <summary>
    /// The server <c>SQLMINT_TEST_PG</c> names, or else a newly started private cluster. Prefer
    /// <see cref="Shared"/>; dispose what this returns.
    /// </summary>
    public static PostgresServer StartNew()
    {
        var external = ExternalServerFrom(Environment.GetEnvironmentVariable(EnvironmentVariable));
        return external is null ? StartPrivate() : new PostgresServer(external);
    }

    /// <summary>Wraps an existing server (as <c>SQLMINT_TEST_PG</c> does); nothing is started or stopped.</summary>
    public static PostgresServer External(string connectionString) =>
        new(ExternalServerFrom(connectionString) ?? throw new ArgumentException("An external server needs a connection string.", nameof(connectionString)));

    /// <summary>
    /// Starts a new private cluster regardless of <c>SQLMINT_TEST_PG</c>, for tests that stop or restart
    /// the server. Dispose it.
    /// </summary>
    public static PostgresServer StartPrivate()
    {
        var binDir = FindBinDirectory();
        var runAs = RunAsUser();
        var tempRoot = TempRoot(runAs);
        CleanUpLeftovers(tempRoot);

        var rootDir = TempDirs.Create(tempRoot, TempDirPrefix);
        var server = new PostgresServer(binDir, rootDir, runAs);
        try
        {
            server.StartWatchdog();
            server.InitAndStart();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Drops <paramref name="name"/> if it exists (disconnecting its users) and creates it empty.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await DropDatabaseAsync(name).ConfigureAwait(false);
        await ExecuteOnPostgresAsync($"create database {QuoteIdentifier(name)}").ConfigureAwait(false);
    }

    /// <summary>Drops <paramref name="name"/> if it exists, disconnecting its users.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        // Our own idle pooled connections would otherwise be killed by FORCE and fail on next use.
        using (var pooled = new NpgsqlConnection(ConnectionString(name)))
            NpgsqlConnection.ClearPool(pooled);
        await ExecuteOnPostgresAsync($"drop database if exists {QuoteIdentifier(name)} with (force)").ConfigureAwait(false);
    }

    /// <summary>Stops a private cluster (fast shutdown, or a crash-like immediate one). Not for external servers.</summary>
    public Task StopAsync(bool immediate = false) => Task.Run(() => Stop(immediate ? "immediate" : "fast"));

    /// <summary>Starts a stopped private cluster again on the same port.</summary>
    public Task StartAsync() => Task.Run(() =>
    {
        lock (_gate)
        {
            EnsureControllable();
            if (_running)
                return;
            var error = TryStart(Port);
            if (error is not null)
                throw new InvalidOperationException($"PostgreSQL did not restart on port {Port}.\n{error}");
        }
    });

    /// <summary>Stops and starts a private cluster on the same port; pooled connections are cleared.</summary>
    public async Task RestartAsync(bool immediate = false)
    {
        await StopAsync(immediate).ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (_onProcessExit is not null)
                AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            if (IsExternal)
                return;
            if (_running)
            {
                try
                {
                    PgCtl("-m", "immediate", "stop");
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    // Best effort at exit; a later run's leftover cleanup stops an orphan.
                }
                _running = false;
            }
            TempDirs.TryDelete(_rootDir!);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() =>
        IsExternal ? $"external PostgreSQL at {Host}:{Port}" : $"private PostgreSQL at {Host}:{Port} ({_rootDir})";

    /// <summary>
    /// Removes temp dirs of clusters whose test process is gone, first stopping their postmaster if it
    /// is still running. Returns how many were removed.
    /// </summary>
    public static int CleanUpLeftovers(string tempRoot)
    {
        var removed = 0;
        foreach (var dir in TempDirs.Orphans(tempRoot, TempDirPrefix))
        {
            var dataDir = Path.Combine(dir, "data");
            if (PostmasterPid(dataDir) is { } pid && TempDirs.IsAlive(pid))
            {
                try
                {
                    var binDir = FindBinDirectory();
                    ProcessRunner.Run(Path.Combine(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"],
                        workingDirectory: tempRoot, runAs: RunAsUser(), timeout: TimeSpan.FromSeconds(40));
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    // Fall through to deleting; the orphan then at least no longer holds disk space.
                }
            }
            if (TempDirs.TryDelete(dir))
                removed++;
        }
        return removed;
    }

    /// <summary>The server binaries folder: <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public static string FindBinDirectory()
    {
        try
        {
            var result = ProcessRunner.Run("pg_config", ["--bindir"], timeout: TimeSpan.FromSeconds(10));
            var dir = result.Output.Trim();
            if (result.Succeeded && HasServerBinaries(dir))
                return dir;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // No pg_config (e.g. only the server package): scan the Debian layout instead.
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(c => HasServerBinaries(c.Dir))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
                .FirstOrDefault();
            if (best is not null)
                return best;
        }
        throw new InvalidOperationException(
            "No PostgreSQL server binaries found (tried `pg_config --bindir` and /usr/lib/postgresql/*/bin). " +
            $"Install the PostgreSQL server, or set {EnvironmentVariable} to the connection string of an existing server.");
    }

    static bool HasServerBinaries(string dir) =>
        dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    /// <summary>Null when we may run the binaries ourselves; "postgres" when we are root and must switch user.</summary>
    static string? RunAsUser()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
            return null;
        ProcessResult id;
        try
        {
            id = ProcessRunner.Run("id", ["-u", OsUser], timeout: TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Running as root, but could not check for the '{OsUser}' OS user: {ex.Message}", ex);
        }
        if (!id.Succeeded)
        {
            throw new InvalidOperationException(
                $"The tests run as root, and PostgreSQL refuses to run as root, but there is no '{OsUser}' OS user to run it as. " +
                $"Create one (useradd --system --user-group {OsUser}), run the tests as a normal user, " +
                $"or set {EnvironmentVariable} to the connection string of an existing server.");
        }
        return OsUser;
    }

    // As root the dir must be traversable by the postgres user, which TMPDIR under /root may not be.
    static string TempRoot(string? runAs) => runAs is null ? Path.GetTempPath() : "/tmp";

    void InitAndStart()
    {
        if (_runAs is not null)
        {
            var chown = ProcessRunner.Run("chown", ["-R", _runAs, _rootDir!], timeout: TimeSpan.FromSeconds(10));
            if (!chown.Succeeded)
                throw new InvalidOperationException($"Could not hand {_rootDir} to the '{_runAs}' user.\n{chown.CommandLine}\n{chown.Output}");
        }

        var initdb = Run("initdb", "-D", DataDirectory!, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        if (!initdb.Succeeded)
            throw new InvalidOperationException($"initdb failed (exit code {initdb.ExitCode}).\n{initdb.CommandLine}\n{initdb.Output}");

        lock (_gate)
        {
            string? lastError = null;
            for (var attempt = 0; attempt < StartAttempts; attempt++)
            {
                lastError = TryStart(FreePort());
                if (lastError is null)
                    return;
                // Another process may take the free port between our probe and the bind; try another.
                if (!lastError.Contains("could not bind", StringComparison.OrdinalIgnoreCase) &&
                    !lastError.Contains("already in use", StringComparison.OrdinalIgnoreCase))
                    break;
            }
            throw new InvalidOperationException($"PostgreSQL did not start.\n{lastError}");
        }
    }

    /// <summary>
    /// Makes sure the cluster is stopped and its dir deleted even if the test host is killed (the runner
    /// may kill it before ProcessExit handlers finish, and the postmaster, reparented to init, would run on).
    /// </summary>
    void StartWatchdog()
    {
        var pgCtl = TempDirs.ShellQuote(Path.Combine(_binDir!, "pg_ctl"));
        var stop = _runAs is null ? pgCtl : $"runuser -u {_runAs} -- {pgCtl}";
        TempDirs.DeleteWhenProcessExits(_rootDir!,
            $"{stop} -D {TempDirs.ShellQuote(Path.Combine(_rootDir!, "data"))} -m immediate -w -t 30 stop");
    }

    /// <summary>Starts the postmaster on <paramref name="port"/>; null on success, else a report with the logs.</summary>
    string? TryStart(int port)
    {
        var options = $"-p {port} -k {_rootDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                      "-c full_page_writes=off -c max_connections=200";
        var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
        ProcessResult start;
        try
        {
            start = PgCtl("-l", LogFile!, "-o", options, "start");
        }
        catch (TimeoutException ex)
        {
            TryImmediateStop();
            return ex.Message + "\nServer log:\n" + ReadLog(logOffset);
        }
        if (start.Succeeded)
        {
            _settings.Port = port;
            _running = true;
            return null;
        }
        TryImmediateStop();
        return $"pg_ctl start failed (exit code {start.ExitCode}).\n{start.CommandLine}\n{start.Output}\nServer log ({LogFile}):\n{ReadLog(logOffset)}";
    }

    void Stop(string mode)
    {
        lock (_gate)
        {
            EnsureControllable();
            if (!_running)
                return;
            var stop = PgCtl("-m", mode, "stop");
            if (!stop.Succeeded)
                throw new InvalidOperationException($"pg_ctl stop failed (exit code {stop.ExitCode}).\n{stop.CommandLine}\n{stop.Output}\nServer log:\n{ReadLog(0)}");
            _running = false;
        }
        // Pooled connections point at dead backends now.
        NpgsqlConnection.ClearAllPools();
    }

    void TryImmediateStop()
    {
        try
        {
            PgCtl("-m", "immediate", "stop");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            // It most likely never started.
        }
    }

    void EnsureControllable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsExternal)
            throw new NotSupportedException($"The server named by {EnvironmentVariable} is not ours to stop or start.");
    }

    ProcessResult PgCtl(params string[] args) =>
        Run("pg_ctl", ["-D", DataDirectory!, "-w", "-t", "60", .. args]);

    ProcessResult Run(string tool, params string[] args) =>
        ProcessRunner.Run(Path.Combine(_binDir!, tool), args, workingDirectory: _rootDir, runAs: _runAs,
            timeout: TimeSpan.FromSeconds(75));

    string ReadLog(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException ex)
        {
            return $"(no log: {ex.Message})";
        }
    }

    async Task ExecuteOnPostgresAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
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

    /// <summary>Quotes a PostgreSQL identifier.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
