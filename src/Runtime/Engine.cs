using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

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
    private int _disposed;

    internal Engine(Dsn dsn, DbDataSource dataSource, string? cacheKey)
    {
        Dsn = dsn;
        _dataSource = dataSource;
        _cacheKey = cacheKey;
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
    public static Engine Create(Dsn dsn) => new(dsn, DriverRegistry.CreateDataSource(dsn), null);

    /// <summary>Opens a pooled connection and returns a session that owns it.</summary>
    public Session Connect()
    {
        ThrowIfDisposed();
        DbConnection connection;
        try
        {
            connection = _dataSource.OpenConnection();
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
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception) when (NamesHosts)
        {
            throw new HostUnavailableException(Dsn, exception);
        }

        return new Session(connection, ownsConnection: true, this);
    }

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
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Db.Forget(_cacheKey, this);
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The DSN with its password hidden.</summary>
    public override string ToString() => "Engine(" + Dsn + ")";

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
