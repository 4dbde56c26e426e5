using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;

namespace Sqlmint;

/// <summary>
/// Maps a DSN's <c>dbms+driver</c> to a factory that creates the driver's <see cref="DbDataSource"/>, in the spirit
/// of SQLAlchemy's dialect registry. The runtime references no driver: when a project references Npgsql or
/// Microsoft.Data.Sqlite, the Sqlmint generator emits a module initializer that registers it, so no
/// reflection is needed and NativeAOT keeps working.
/// </summary>
public static class DriverRegistry
{
    private static readonly ConcurrentDictionary<(string Dbms, string Driver), Registration> s_factories = new();

    // A driver's factory, and for network drivers how to tell its pooled connections apart (see IdleConnectionCheck).
    internal sealed record Registration(Func<Dsn, DbDataSource> Factory, Func<DbConnection, int>? ServerProcessId);

    // Packages to suggest when a DSN names a driver nobody registered.
    private static readonly Dictionary<(string Dbms, string Driver), string> s_knownPackages = new()
    {
        [("postgresql", "npgsql")] = "Npgsql",
        [("sqlite", "microsoft")] = "Microsoft.Data.Sqlite",
    };

    /// <summary>
    /// Registers (or replaces) the factory for <paramref name="dbms"/>+<paramref name="driver"/>. Registering the
    /// same pair twice is allowed, so several assemblies of one app can each register the drivers they reference.
    /// </summary>
    /// <param name="dbms">The DSN scheme, such as <c>postgresql</c>; compared case-insensitively.</param>
    /// <param name="driver">The driver name after <c>+</c> in the scheme, such as <c>npgsql</c>.</param>
    /// <param name="factory">Creates the data source (the connection pool) for a parsed DSN.</param>
    public static void Register(string dbms, string driver, Func<Dsn, DbDataSource> factory) =>
        RegisterCore(dbms, driver, factory, null);

    /// <summary>
    /// Registers (or replaces) a network driver's factory, with a way to tell its pooled connections apart. The
    /// engine then checks a pooled connection that sat idle longer than <see cref="Engine.CheckIdleConnectionsAfter"/>
    /// with a round trip before handing it out, so a server restart or a dropped link costs the caller nothing.
    /// </summary>
    /// <param name="dbms">The DSN scheme, such as <c>postgresql</c>; compared case-insensitively.</param>
    /// <param name="driver">The driver name after <c>+</c> in the scheme, such as <c>npgsql</c>.</param>
    /// <param name="factory">Creates the data source (the connection pool) for a parsed DSN.</param>
    /// <param name="serverProcessId">
    /// Identifies an open connection's physical link, such as PostgreSQL's backend process id; it must not need a
    /// round trip.
    /// </param>
    public static void Register(string dbms, string driver, Func<Dsn, DbDataSource> factory, Func<DbConnection, int> serverProcessId)
    {
        ArgumentNullException.ThrowIfNull(serverProcessId);
        RegisterCore(dbms, driver, factory, serverProcessId);
    }

    private static void RegisterCore(string dbms, string driver, Func<Dsn, DbDataSource> factory, Func<DbConnection, int>? serverProcessId)
    {
        ArgumentException.ThrowIfNullOrEmpty(dbms);
        ArgumentException.ThrowIfNullOrEmpty(driver);
        ArgumentNullException.ThrowIfNull(factory);
        s_factories[(dbms.ToLowerInvariant(), driver.ToLowerInvariant())] = new Registration(factory, serverProcessId);
    }

    /// <summary>Removes a registration; returns whether there was one.</summary>
    public static bool Unregister(string dbms, string driver) =>
        s_factories.TryRemove((dbms.ToLowerInvariant(), driver.ToLowerInvariant()), out _);

    /// <summary>True when a factory is registered for the pair.</summary>
    public static bool IsRegistered(string dbms, string driver) =>
        s_factories.ContainsKey((dbms.ToLowerInvariant(), driver.ToLowerInvariant()));

    /// <summary>The registered pairs, as <c>dbms+driver</c>, sorted.</summary>
    public static IReadOnlyList<string> Registered =>
        s_factories.Keys.Select(k => k.Dbms + "+" + k.Driver).OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>Creates the data source for a DSN with its registered driver.</summary>
    /// <exception cref="SqlmintException">No driver is registered for the DSN's DBMS and driver; the message names the package to add.</exception>
    public static DbDataSource CreateDataSource(Dsn dsn) => Find(dsn).Factory(dsn);

    internal static Registration Find(Dsn dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        return s_factories.TryGetValue((dsn.Dbms, dsn.Driver), out Registration? registration)
            ? registration
            : throw new SqlmintException(MissingDriverMessage(dsn.Dbms, dsn.Driver));
    }

    internal static string MissingDriverMessage(string dbms, string driver)
    {
        string registered = s_factories.IsEmpty ? "none" : string.Join(", ", Registered);
        string pair = string.IsNullOrEmpty(driver) ? dbms : dbms + "+" + driver;
        return s_knownPackages.TryGetValue((dbms, driver), out string? package)
            ? $"No driver is registered for '{pair}'. Add the {package} package to the project that calls Sqlmint " +
              $"(dotnet add package {package}); Sqlmint registers it at build time. Registered drivers: {registered}."
            : $"No driver is registered for '{pair}'. Register one with DriverRegistry.Register(\"{dbms}\", \"{driver}\", factory). Registered drivers: {registered}.";
    }
}
