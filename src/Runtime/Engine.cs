using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Sqlmint.Internal;

namespace Sqlmint;

/// <summary>
/// Owns the connection pool for one DSN, like SQLAlchemy's Engine. <see cref="Db.Connect(string)"/> shares one
/// engine per DSN string; disposing it closes its pooled connections and forgets it, so the next connect to that
/// DSN starts a new pool.
/// </summary>
public sealed class Engine : IDisposable, IAsyncDisposable
{
    private readonly DbDataSource _dataSource;
    private readonly string? _cacheKey;
    private readonly IdleConnectionCheck? _idleCheck;
    private int _disposed;

    internal Engine(Dsn dsn, DriverRegistry.Registration driver, string? cacheKey)
    {
        Dsn = dsn;
        _dataSource = driver.Factory(dsn);
        _cacheKey = cacheKey;
        _idleCheck = driver.IdleCheck?.Invoke();
    }

    /// <summary>
    /// How long a pooled connection may sit idle before <see cref="Connect"/> checks it with a round trip (default
    /// 100 ms: shorter than any server restart, and longer than the gap between uses in a busy service). A
    /// connection that fails the check is discarded and the next one taken, so a session never starts
    /// on a connection that died in the pool (a server restart, a failover, a dropped link); a connection used
    /// more recently is handed out unchecked, so a busy service pays nothing. <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns the check off; <see cref="TimeSpan.Zero"/> checks every reused connection. Applies to network drivers
    /// that registered a server process id (Npgsql); an embedded database (SQLite) is never checked.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan CheckIdleConnectionsAfter
    {
        get => _idleCheck?.After ?? Timeout.InfiniteTimeSpan;
        set
        {
            IdleConnectionCheck.Validate(value);
            if (_idleCheck is not null)
            {
                _idleCheck.After = value;
            }
        }
    }

    /// <summary>The parsed DSN.</summary>
    public Dsn Dsn { get; }

    /// <summary>The driver's data source: the pool. Use it to hand connections to other libraries.</summary>
    public DbDataSource DataSource
    {
        get
        {
            ThrowIfDisposed();
            return _dataSource;
        }
    }

    /// <summary>Creates an engine for a DSN without sharing it through <see cref="Db"/>'s cache.</summary>
    public static Engine Create(string dsn) => Create(Sqlmint.Dsn.Parse(dsn));

    /// <summary>Creates an engine for a parsed DSN without sharing it through <see cref="Db"/>'s cache.</summary>
    public static Engine Create(Dsn dsn) => new(dsn, DriverRegistry.Find(dsn), null);

    /// <summary>Opens a pooled connection and returns a session that owns it.</summary>
    public Session Connect()
    {
        ThrowIfDisposed();
        DbConnection connection;
        try
        {
            connection = _idleCheck is null
                ? _dataSource.OpenConnection()
                : _idleCheck.OpenLiveAsync(_dataSource, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (DbException exception) when (NamesHosts)
        {
            throw new HostUnavailableException(Dsn, exception);
        }

        return new Session(connection, ownsConnection: true, this);
    }

    /// <summary>Opens a pooled connection and returns a session that owns it.</summary>
    public async ValueTask<Session> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        DbConnection connection;
        try
        {
            connection = _idleCheck is null
                ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false)
                : await _idleCheck.OpenLiveAsync(_dataSource, async: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception) when (NamesHosts)
        {
            throw new HostUnavailableException(Dsn, exception);
        }

        return new Session(connection, ownsConnection: true, this);
    }

    // A session of this engine gives its connection back: remember when, for the idle check.
    internal void Returning(DbConnection connection) => _idleCheck?.Returned(connection);

    // Drivers' multi-host errors ("no suitable host") do not say which hosts were tried or what was asked for.
    private bool NamesHosts => Dsn.Hosts.Count > 1 || Dsn.Query.ContainsKey("target_session_attrs");

    /// <summary>Closes the pooled connections and removes the engine from <see cref="Db"/>'s cache.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Db.Forget(_cacheKey, this);
            _dataSource.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        // Not an async method: it only hands on the data source's task, and a state machine would cost about 1.5 KB
        // of native code in a NativeAOT binary.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Db.Forget(_cacheKey, this);
            return _dataSource.DisposeAsync();
        }

        return default;
    }

    /// <summary>The DSN with its password hidden.</summary>
    public override string ToString() => "Engine(" + Dsn + ")";

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    // The DSN string Db caches this engine under, or null for an engine made with Create.
    internal string? CacheKey => _cacheKey;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
