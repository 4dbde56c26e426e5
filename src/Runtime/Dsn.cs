using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Sqlmint.Internal;

namespace Sqlmint;

/// <summary>
/// A parsed data source name: <c>dbms[+driver]://user:password@host:port/database?key=value</c>.
/// </summary>
/// <remarks>
/// <para>
/// <c>postgresql://</c> and <c>postgres://</c> follow libpq's connection URI rules: every part is optional,
/// every part is percent-decoded, IPv6 addresses are written in brackets (<c>[::1]</c>), several hosts are
/// separated by commas (<c>h1:5432,h2:5433</c>), a percent-encoded path is a socket directory
/// (<c>%2Fvar%2Frun%2Fpostgresql</c>), and the query parameters <c>host</c>, <c>port</c>, <c>dbname</c>,
/// <c>user</c> and <c>password</c> override the URI parts. Query keys must be libpq keywords.
/// As in libpq, a key given twice keeps its last value, and <c>ssl=true</c> means <c>sslmode=require</c>.
/// </para>
/// <para>
/// <c>sqlite:///relative.db</c> names a relative path, <c>sqlite:////abs/path.db</c> an absolute one, and
/// <c>sqlite://</c> or <c>sqlite:///:memory:</c> an in-memory database. A SQLite DSN has no host.
/// </para>
/// <para>
/// Any other DBMS name (<c>mysql://</c>, …) is parsed with the same URI grammar, without key checks or folding,
/// and its <see cref="Driver"/> is the explicit one or an empty string.
/// </para>
/// <para>
/// Bad input gets a <see cref="FormatException"/> that names the problem and its 0-based position. Error messages
/// quote no text from the DSN, because a malformed DSN can shift a password into any part; the password also never
/// appears in <see cref="ToString"/>.
/// </para>
/// </remarks>
public sealed class Dsn : IEquatable<Dsn>
{
    private readonly DsnHost[] _hosts;
    private readonly string[] _queryOrder;
    private readonly Dictionary<string, string> _query;

    internal Dsn(
        string dbms,
        string driver,
        string? user,
        string? password,
        DsnHost[] hosts,
        string? database,
        bool isInMemory,
        Dictionary<string, string> query,
        string[] queryOrder,
        Dictionary<string, int> queryPositions)
    {
        Dbms = dbms;
        Driver = driver;
        User = user;
        Password = password;
        _hosts = hosts;
        Hosts = Array.AsReadOnly(hosts);
        Database = database;
        IsInMemory = isInMemory;
        _query = query;
        _queryOrder = queryOrder;
        Query = new ReadOnlyDictionary<string, string>(query);
        QueryPositions = queryPositions;
    }

    /// <summary>The DBMS, normalized to lower case: <c>postgresql</c> (for both <c>postgresql://</c> and <c>postgres://</c>), <c>sqlite</c>, or another name as written.</summary>
    public string Dbms { get; }

    /// <summary>
    /// The driver: the explicit one (<c>postgresql+npgsql://</c>), else the DBMS default (<c>npgsql</c> for PostgreSQL,
    /// <c>microsoft</c> for SQLite, meaning Microsoft.Data.Sqlite), else an empty string for a DBMS with no known default.
    /// </summary>
    public string Driver { get; }

    /// <summary>The decoded user name, or <see langword="null"/> when none is given.</summary>
    public string? User { get; }

    /// <summary>The decoded password, or <see langword="null"/> when none is given. It never appears in <see cref="ToString"/> or error messages.</summary>
    public string? Password { get; }

    /// <summary>The hosts in order; empty when the DSN names no host and no port.</summary>
    public IReadOnlyList<DsnHost> Hosts { get; }

    /// <summary>The decoded database name; for SQLite the file path, or <c>:memory:</c>. <see langword="null"/> when none is given.</summary>
    public string? Database { get; }

    /// <summary>Whether this is an in-memory SQLite database (<c>sqlite://</c>, <c>sqlite:///:memory:</c> or <c>mode=memory</c>).</summary>
    public bool IsInMemory { get; }

    /// <summary>
    /// The decoded query parameters, excluding those folded into the properties above (<c>host</c>, <c>port</c>,
    /// <c>dbname</c>, <c>user</c> and <c>password</c> for PostgreSQL; <c>password</c> for SQLite).
    /// </summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    // Where each query value starts in the original text, so connection-string builders can point at bad values.
    internal IReadOnlyDictionary<string, int> QueryPositions { get; }

    // Query keys in the order they first appeared, for ToString and the connection-string builders.
    internal IReadOnlyList<string> QueryOrder => _queryOrder;

    /// <summary>Parses a DSN.</summary>
    /// <param name="dsn">The DSN text.</param>
    /// <returns>The parsed DSN.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dsn"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The DSN is malformed; the message names the problem and its 0-based position, and never the password.</exception>
    public static Dsn Parse(string dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        if (!DsnParser.TryParse(dsn, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Parses a DSN without throwing.</summary>
    /// <param name="dsn">The DSN text, or <see langword="null"/>.</param>
    /// <param name="result">The parsed DSN when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="dsn"/> is a valid DSN.</returns>
    public static bool TryParse([NotNullWhen(true)] string? dsn, [NotNullWhen(true)] out Dsn? result)
    {
        if (dsn is null)
        {
            result = null;
            return false;
        }

        return DsnParser.TryParse(dsn, out result, out _);
    }

    /// <summary>
    /// The connection string for this DSN's DBMS: Npgsql's for <c>postgresql</c> (libpq query keys mapped to
    /// their Npgsql names) and Microsoft.Data.Sqlite's for <c>sqlite</c>.
    /// </summary>
    /// <exception cref="FormatException">A query key has no equivalent for the driver, or a value is invalid.</exception>
    /// <exception cref="NotSupportedException">The DBMS has no built-in connection-string mapping.</exception>
    public string ToConnectionString() => Dbms switch
    {
        "postgresql" => Internal.PostgresConnectionString.Build(this),
        "sqlite" => Internal.SqliteConnectionString.Build(this),
        _ => throw new NotSupportedException(
            $"Sqlmint has no connection-string mapping for DBMS '{Dbms}'; register a driver whose factory builds the connection from the Dsn's parts."),
    };

    /// <summary>Renders the DSN in canonical form with the password (and any secret query value) replaced by <c>***</c>.</summary>
    /// <returns>The redacted DSN, which parses back to an equal DSN apart from the redacted values.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Dbms);
        if (Driver.Length > 0 && Driver != DsnParser.DefaultDriver(Dbms))
        {
            sb.Append('+').Append(Driver);
        }

        sb.Append("://");
        char separator = '?';
        if (Dbms == DsnParser.Sqlite)
        {
            sb.Append('/');
            DsnParser.Encode(sb, Database ?? DsnParser.Memory, "/:");
            if (Password is not null)
            {
                sb.Append("?password=***");
                separator = '&';
            }
        }
        else
        {
            if (User is not null || Password is not null)
            {
                DsnParser.Encode(sb, User ?? string.Empty, string.Empty);
                if (Password is not null)
                {
                    sb.Append(":***");
                }

                sb.Append('@');
            }

            for (int i = 0; i < _hosts.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                var host = _hosts[i].Host ?? string.Empty;
                if (DsnHost.IsIPv6(host))
                {
                    sb.Append('[');
                    DsnParser.Encode(sb, host, ":");
                    sb.Append(']');
                }
                else
                {
                    DsnParser.Encode(sb, host, string.Empty);
                }

                if (_hosts[i].Port is { } port)
                {
                    sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
                }
            }

            if (Database is not null || _queryOrder.Length > 0)
            {
                sb.Append('/');
            }

            if (Database is not null)
            {
                DsnParser.Encode(sb, Database, string.Empty);
            }
        }

        foreach (var key in _queryOrder)
        {
            sb.Append(separator);
            separator = '&';
            DsnParser.Encode(sb, key, string.Empty);
            sb.Append('=');
            if (DsnParser.IsSecretKey(key))
            {
                sb.Append("***");
            }
            else
            {
                DsnParser.Encode(sb, _query[key], string.Empty);
            }
        }

        return sb.ToString();
    }

    /// <summary>Compares every parsed part: DBMS, driver, user, password, hosts in order, database, memory flag and query (in any order).</summary>
    /// <param name="other">The DSN to compare with.</param>
    /// <returns><see langword="true"/> when both DSNs mean the same connection.</returns>
    public bool Equals(Dsn? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Dbms != other.Dbms || Driver != other.Driver || User != other.User || Password != other.Password
            || Database != other.Database || IsInMemory != other.IsInMemory
            || _hosts.Length != other._hosts.Length || _query.Count != other._query.Count)
        {
            return false;
        }

        // A loop, not Span.SequenceEqual: that is a vectorized generic of its own (over 1 KB) in a NativeAOT binary.
        for (int i = 0; i < _hosts.Length; i++)
        {
            if (_hosts[i] != other._hosts[i])
            {
                return false;
            }
        }

        foreach (var pair in _query)
        {
            if (!other._query.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Dsn);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Dbms);
        hash.Add(Driver);
        hash.Add(User);
        hash.Add(Password);
        hash.Add(Database);
        foreach (var host in _hosts)
        {
            hash.Add(host);
        }

        // Order-independent, to match Equals.
        int query = 0;
        foreach (var pair in _query)
        {
            query ^= HashCode.Combine(pair.Key, pair.Value);
        }

        hash.Add(query);
        return hash.ToHashCode();
    }
}
