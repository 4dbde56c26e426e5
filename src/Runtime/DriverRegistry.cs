using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using Sqlmint.Internal;

namespace Sqlmint;

/// <summary>
/// Maps a DSN's <c>dbms+driver</c> to a factory that creates the driver's <see cref="DbDataSource"/>, in the spirit
/// of SQLAlchemy's dialect registry. The runtime references no driver: when a project references Npgsql or
/// Microsoft.Data.Sqlite, the Sqlmint generator emits a module initializer that registers it, so no
/// reflection is needed and NativeAOT keeps working.
/// </summary>
public static class DriverRegistry
{
    // The registrations, replaced as a whole under s_lock and read without it. An app registers a driver or two,
    // so a scan is as fast as a lookup, and an array needs no collection type of its own in a NativeAOT binary (a
    // ConcurrentDictionary keyed by a (dbms, driver) tuple, with LINQ over its keys, was some 70 KB of native code).
    private static Registration[] s_registrations = [];
    private static readonly object s_lock = new();

    // A driver's factory, and for network drivers a new idle check for each engine (see IdleConnectionCheck).
    // A class, not a record: nothing compares or prints it, and a record's generated members would be compiled in.
    internal sealed class Registration(string dbms, string driver, Func<Dsn, DbDataSource> factory, Func<IdleConnectionCheck>? idleCheck)
    {
        internal string Dbms { get; } = dbms;

        internal string Driver { get; } = driver;

        internal string Name { get; } = dbms + "+" + driver;

        internal Func<Dsn, DbDataSource> Factory { get; } = factory;

        internal Func<IdleConnectionCheck>? IdleCheck { get; } = idleCheck;
    }

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

        // Only this overload creates idle checks, so an app that registers no network driver (SQLite only) never
        // constructs one, and NativeAOT leaves the check's code and its dictionary out of the binary.
        RegisterCore(dbms, driver, factory, () => new IdleConnectionCheck(serverProcessId));
    }

    private static void RegisterCore(string dbms, string driver, Func<Dsn, DbDataSource> factory, Func<IdleConnectionCheck>? idleCheck)
    {
        ArgumentException.ThrowIfNullOrEmpty(dbms);
        ArgumentException.ThrowIfNullOrEmpty(driver);
        ArgumentNullException.ThrowIfNull(factory);
        var registration = new Registration(dbms.ToLowerInvariant(), driver.ToLowerInvariant(), factory, idleCheck);
        lock (s_lock)
        {
            Registration[] current = s_registrations;
            int index = IndexOf(current, registration.Dbms, registration.Driver);
            Registration[] next;
            if (index >= 0)
            {
                next = (Registration[])current.Clone();
                next[index] = registration;
            }
            else
            {
                next = new Registration[current.Length + 1];
                Array.Copy(current, next, current.Length);
                next[^1] = registration;
            }

            Volatile.Write(ref s_registrations, next);
        }
    }

    /// <summary>Removes a registration; returns whether there was one.</summary>
    public static bool Unregister(string dbms, string driver)
    {
        dbms = dbms.ToLowerInvariant();
        driver = driver.ToLowerInvariant();
        lock (s_lock)
        {
            Registration[] current = s_registrations;
            int index = IndexOf(current, dbms, driver);
            if (index < 0)
            {
                return false;
            }

            var next = new Registration[current.Length - 1];
            Array.Copy(current, next, index);
            Array.Copy(current, index + 1, next, index, next.Length - index);
            Volatile.Write(ref s_registrations, next);
            return true;
        }
    }

    /// <summary>True when a factory is registered for the pair.</summary>
    public static bool IsRegistered(string dbms, string driver) =>
        IndexOf(Volatile.Read(ref s_registrations), dbms.ToLowerInvariant(), driver.ToLowerInvariant()) >= 0;

    /// <summary>The registered pairs, as <c>dbms+driver</c>, sorted.</summary>
    public static IReadOnlyList<string> Registered => RegisteredNames();

    // A loop rather than LINQ: Select/OrderBy/ToArray would pull System.Linq's iterators into every NativeAOT app,
    // for a list that only error messages read.
    private static string[] RegisteredNames()
    {
        Registration[] registrations = Volatile.Read(ref s_registrations);
        var sorted = new string[registrations.Length];

        // An insertion sort: there are a few drivers, and Array.Sort would be a generic sort of its own in the binary.
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = registrations[i].Name;
        }

        for (int i = 1; i < sorted.Length; i++)
        {
            string name = sorted[i];
            int j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(sorted[j], name) > 0; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = name;
        }

        return sorted;
    }

    /// <summary>Creates the data source for a DSN with its registered driver.</summary>
    /// <exception cref="SqlmintException">No driver is registered for the DSN's DBMS and driver; the message names the package to add.</exception>
    public static DbDataSource CreateDataSource(Dsn dsn) => Find(dsn).Factory(dsn);

    internal static Registration Find(Dsn dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        Registration[] registrations = Volatile.Read(ref s_registrations);
        int index = IndexOf(registrations, dsn.Dbms, dsn.Driver);
        return index >= 0 ? registrations[index] : throw new SqlmintException(MissingDriverMessage(dsn.Dbms, dsn.Driver));
    }

    internal static string MissingDriverMessage(string dbms, string driver)
    {
        string[] names = RegisteredNames();
        string registered = names.Length == 0 ? "none" : string.Join(", ", names);
        string pair = string.IsNullOrEmpty(driver) ? dbms : dbms + "+" + driver;

        // Packages to suggest when a DSN names a driver nobody registered.
        string? package = (dbms, driver) switch
        {
            ("postgresql", "npgsql") => "Npgsql",
            ("sqlite", "microsoft") => "Microsoft.Data.Sqlite",
            _ => null,
        };

        // string.Format, not $"...": an interpolated string is some 500 bytes of native code per message.
        return package is not null
            ? string.Format(
                "No driver is registered for '{0}'. Add the {1} package to the project that calls Sqlmint " +
                "(dotnet add package {1}); Sqlmint registers it at build time. Registered drivers: {2}.",
                pair, package, registered)
            : string.Format(
                "No driver is registered for '{0}'. Register one with DriverRegistry.Register(\"{1}\", \"{2}\", factory). Registered drivers: {3}.",
                pair, dbms, driver, registered);
    }

    private static int IndexOf(Registration[] registrations, string dbms, string driver)
    {
        for (int i = 0; i < registrations.Length; i++)
        {
            if (registrations[i].Dbms == dbms && registrations[i].Driver == driver)
            {
                return i;
            }
        }

        return -1;
    }
}
