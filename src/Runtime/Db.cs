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

    // The engine of the last lookup: most apps connect to one DSN, and comparing the string is cheaper than hashing it.
    private static Engine? s_lastEngine;

    /// <summary>
    /// Whether generated methods prepare their statements on Npgsql connections. Default: <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// A method whose SQL is one fixed query or data change (no <c>in</c> list, no <c>*</c>) is prepared on the server
    /// the first time it runs on a physical connection; after that, each call skips PostgreSQL's parse and plan, and
    /// Npgsql keeps the statement across pooled opens. The number of such statements is bounded by the methods in the
    /// build. Set this to
    /// <see langword="false"/>, before the first query, when connections go through a pooler in transaction mode that
    /// does not carry prepared statements between server connections (PgBouncer before 1.21, or with
    /// <c>max_prepared_statements = 0</c>). Connections with Npgsql's <c>Multiplexing</c> on are never prepared.
    /// SQLite is not affected.
    /// </remarks>
    public static bool PrepareStatements { get; set; } = true;

    /// <summary>Opens a pooled connection for a DSN and returns a session that owns it (disposing it returns the connection to the pool).</summary>
    /// <param name="dsn">Such as <c>sqlite:///music.db</c> or <c>postgresql://me:pw@localhost/music</c>.</param>
    /// <exception cref="FormatException">The DSN is malformed; the message names what and where, never the password.</exception>
    /// <exception cref="SqlmintException">No driver is registered for the DSN; the message names the package to add.</exception>
    public static Session Connect(string dsn)
    {
        for (int attempt = 1; ; attempt++)
        {
            Engine engine = GetEngine(dsn);
            try
            {
                return engine.Connect();
            }
            catch (ObjectDisposedException) when (engine.IsDisposed && attempt < MaxEngineAttempts)
            {
                // Another thread disposed the shared engine between the lookup and the connect. The next connect to
                // a DSN starts a new pool, so this one does too: the caller never disposed anything.
            }
        }
    }

    /// <inheritdoc cref="Connect(string)"/>
    public static async ValueTask<Session> ConnectAsync(string dsn, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            Engine engine = GetEngine(dsn);
            try
            {
                return await engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (engine.IsDisposed && attempt < MaxEngineAttempts)
            {
            }
        }
    }

    // Bounds the retries above, so code that disposes engines in a tight loop cannot keep a connect spinning.
    private const int MaxEngineAttempts = 100;

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
        Engine? last = Volatile.Read(ref s_lastEngine);
        if (last is not null && string.Equals(last.CacheKey, dsn, StringComparison.Ordinal) && !last.IsDisposed)
        {
            return last;
        }

        Engine found = LookUp(dsn);
        Volatile.Write(ref s_lastEngine, found);
        return found;
    }

    private static Engine LookUp(string dsn)
    {
        Dsn? parsed = null;
        while (true)
        {
            if (!s_engines.TryGetValue(dsn, out Lazy<Engine>? entry))
            {
                // Parse before caching, so a bad DSN never occupies a slot and every caller gets the FormatException.
                parsed ??= Dsn.Parse(dsn);
                Dsn forEngine = parsed;
                entry = s_engines.GetOrAdd(dsn, key => new Lazy<Engine>(
                    () => new Engine(forEngine, DriverRegistry.Find(forEngine), key),
                    LazyThreadSafetyMode.ExecutionAndPublication));
            }

            Engine engine;
            try
            {
                engine = entry.Value;
            }
            catch
            {
                // A failed creation (no driver, say) must not be cached: the user may register the driver and retry.
                s_engines.TryRemove(new(dsn, entry));
                throw;
            }

            if (!engine.IsDisposed)
            {
                return engine;
            }

            // Disposed but not yet forgotten (its Dispose is running on another thread): replace it now.
            s_engines.TryRemove(new(dsn, entry));
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
        // A disposed engine must not stay reachable through the last-lookup shortcut.
        Interlocked.CompareExchange(ref s_lastEngine, null, engine);
        if (key is not null && s_engines.TryGetValue(key, out Lazy<Engine>? entry) && entry.IsValueCreated && ReferenceEquals(entry.Value, engine))
        {
            s_engines.TryRemove(new(key, entry));
        }
    }
}
