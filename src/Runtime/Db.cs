using System;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Sqlmint;

/// <summary>
/// The two ways to get a <see cref="Session"/>: <see cref="Connect(string)"/> (Sqlmint manages the connection)
/// and <see cref="Using(DbConnection)"/> (bring your own).
/// </summary>
public static class Db
{
    // One engine per DSN string: parsing, connection-string building and pool creation happen once,
    // so a connect costs a dictionary lookup plus the driver's pooled open.
    private static readonly ConcurrentDictionary<string, Lazy<Engine>> s_engines = new(StringComparer.Ordinal);

    /// <summary>Opens a pooled connection for a DSN and returns a session that owns it (disposing it returns the connection to the pool).</summary>
    /// <param name="dsn">Such as <c>sqlite:///music.db</c> or <c>postgresql://me:pw@localhost/music</c>.</param>
    /// <exception cref="FormatException">The DSN is malformed; the message names what and where, never the password.</exception>
    /// <exception cref="SqlmintException">No driver is registered for the DSN; the message names the package to add.</exception>
    public static Session Connect(string dsn) => GetEngine(dsn).Connect();

    /// <inheritdoc cref="Connect(string)"/>
    public static ValueTask<Session> ConnectAsync(string dsn, CancellationToken cancellationToken = default) =>
        GetEngine(dsn).ConnectAsync(cancellationToken);

    /// <summary>
    /// Wraps a connection you manage (from another framework, a test, a pool of your own). The session does not
    /// own it: disposing the session rolls back a transaction it left open and leaves the connection open or
    /// closed, as it was.
    /// </summary>
    public static Session Using(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new Session(connection, ownsConnection: false, engine: null);
    }

    /// <summary>The shared engine (the pool) for a DSN, created on first use.</summary>
    public static Engine GetEngine(string dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        if (s_engines.TryGetValue(dsn, out Lazy<Engine>? existing))
        {
            return existing.Value;
        }

        // Parse before caching, so a bad DSN never occupies a slot and every caller gets the FormatException.
        Dsn parsed = Dsn.Parse(dsn);
        Lazy<Engine> entry = s_engines.GetOrAdd(dsn, key => new Lazy<Engine>(
            () => new Engine(parsed, DriverRegistry.CreateDataSource(parsed), key),
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            // A failed creation (no driver, say) must not be cached: the user may register the driver and retry.
            s_engines.TryRemove(new(dsn, entry));
            throw;
        }
    }

    /// <summary>Disposes every shared engine, closing all pooled connections (for app shutdown and tests).</summary>
    public static void DisposeAll()
    {
        foreach (var pair in s_engines)
        {
            if (pair.Value.IsValueCreated)
            {
                pair.Value.Value.Dispose();
            }

            s_engines.TryRemove(pair);
        }
    }

    internal static void Forget(string? key, Engine engine)
    {
        if (key is not null && s_engines.TryGetValue(key, out Lazy<Engine>? entry) && entry.IsValueCreated && ReferenceEquals(entry.Value, engine))
        {
            s_engines.TryRemove(new(key, entry));
        }
    }
}
