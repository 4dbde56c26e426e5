using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Sqlmint.Internal;

/// <summary>
/// Turns a PostgreSQL <see cref="Dsn"/> into an Npgsql connection string. Each libpq query key with an Npgsql
/// equivalent maps to it with libpq's meaning; a libpq key with no equivalent is an error rather than silently
/// dropped, since dropping e.g. <c>sslcrl</c> would weaken security without a word. Public for the generated
/// driver registration; not part of the supported API.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class PostgresConnectionString
{
    private const string SslModes = "disable, allow, prefer, require, verify-ca, verify-full";
    private const string TargetSessionAttributes = "any, read-write, read-only, primary, standby, prefer-standby";

    /// <summary>The libpq query keys this builder maps, sorted.</summary>
    internal static readonly string[] SupportedKeys =
    [
        "application_name", "channel_binding", "client_encoding", "connect_timeout", "fallback_application_name",
        "gssencmode", "keepalives", "keepalives_idle", "keepalives_interval", "krbsrvname", "load_balance_hosts",
        "options", "passfile", "require_auth", "sslcert", "sslkey", "sslmode", "sslnegotiation", "sslpassword",
        "sslrootcert", "target_session_attrs",
    ];

    /// <summary>Builds the Npgsql connection string for <paramref name="dsn"/>.</summary>
    /// <exception cref="ArgumentException">The DSN is not a PostgreSQL DSN.</exception>
    /// <exception cref="FormatException">A query key has no Npgsql equivalent or a value is invalid; the message gives the position.</exception>
    public static string Build(Dsn dsn) => Build(dsn, DefaultHost());

    /// <summary>Builds the connection string, using <paramref name="defaultHost"/> where the DSN leaves the host empty.</summary>
    internal static string Build(Dsn dsn, string defaultHost)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        if (dsn.Dbms != DsnParser.Postgresql)
        {
            throw new ArgumentException($"Expected a postgresql DSN, not '{dsn.Dbms}'.", nameof(dsn));
        }

        var builder = new DbConnectionStringBuilder();
        AddHosts(builder, dsn.Hosts, defaultHost);
        if (dsn.Database is not null)
        {
            builder["Database"] = dsn.Database;
        }

        if (dsn.User is not null)
        {
            builder["Username"] = dsn.User;
        }

        if (dsn.Password is not null)
        {
            builder["Password"] = dsn.Password;
        }

        foreach (var key in dsn.QueryOrder)
        {
            string value = dsn.Query[key];
            int position = dsn.QueryPositions[key];

            // As in libpq, an empty value leaves the setting at its default.
            if (value.Length == 0)
            {
                continue;
            }

            switch (key)
            {
                case "sslmode":
                    builder["SSL Mode"] = value switch
                    {
                        "disable" => "Disable",
                        "allow" => "Allow",
                        "prefer" => "Prefer",
                        "require" => "Require",
                        "verify-ca" => "VerifyCA",
                        "verify-full" => "VerifyFull",
                        _ => throw BadValue(key, position, SslModes),
                    };
                    break;
                case "sslnegotiation":
                    builder["SSL Negotiation"] = value switch
                    {
                        "postgres" => "Postgres",
                        "direct" => "Direct",
                        _ => throw BadValue(key, position, "postgres, direct"),
                    };
                    break;
                case "sslcert":
                    builder["SSL Certificate"] = value;
                    break;
                case "sslkey":
                    builder["SSL Key"] = value;
                    break;
                case "sslpassword":
                    builder["SSL Password"] = value;
                    break;
                case "sslrootcert":
                    builder["Root Certificate"] = value;
                    break;
                case "channel_binding":
                    builder["Channel Binding"] = DisablePreferRequire(key, value, position);
                    break;
                case "gssencmode":
                    builder["GSS Encryption Mode"] = DisablePreferRequire(key, value, position);
                    break;
                case "krbsrvname":
                    builder["Kerberos Service Name"] = value;
                    break;
                case "require_auth":
                    builder["Require Auth"] = RequireAuth(value, position);
                    break;
                case "connect_timeout":
                    // libpq: zero or negative waits forever, which is Npgsql's 0.
                    builder["Timeout"] = Math.Max(0, Integer(key, value, position, int.MinValue, 1024)).ToString(CultureInfo.InvariantCulture);
                    break;
                case "application_name":
                    builder["Application Name"] = value;
                    break;
                case "fallback_application_name":
                    // libpq uses it only when application_name is not set.
                    if (!dsn.Query.TryGetValue("application_name", out var name) || name.Length == 0)
                    {
                        builder["Application Name"] = value;
                    }

                    break;
                case "client_encoding":
                    // libpq's "auto" picks the encoding from the client locale; Npgsql has no such mode.
                    builder["Client Encoding"] = value == "auto" ? throw BadValue(key, position, "an encoding name (Npgsql cannot pick one from the locale as libpq's 'auto' does)") : value;
                    break;
                case "options":
                    builder["Options"] = value;
                    break;
                case "target_session_attrs":
                    builder["Target Session Attributes"] = value is "any" or "read-write" or "read-only" or "primary" or "standby" or "prefer-standby"
                        ? value
                        : throw BadValue(key, position, TargetSessionAttributes);
                    break;
                case "load_balance_hosts":
                    builder["Load Balance Hosts"] = value switch
                    {
                        "disable" => "false",
                        "random" => "true",
                        _ => throw BadValue(key, position, "disable, random"),
                    };
                    break;
                case "keepalives":
                    // libpq: any non-zero integer turns keepalives on.
                    builder["TCP Keepalive"] = Integer(key, value, position, int.MinValue, int.MaxValue) != 0 ? "true" : "false";
                    break;
                case "keepalives_idle":
                    builder["TCP Keepalive Time"] = Integer(key, value, position, 0, int.MaxValue).ToString(CultureInfo.InvariantCulture);
                    break;
                case "keepalives_interval":
                    builder["TCP Keepalive Interval"] = Integer(key, value, position, 0, int.MaxValue).ToString(CultureInfo.InvariantCulture);
                    break;
                case "passfile":
                    builder["Passfile"] = value;
                    break;
                default:
                    throw new FormatException(
                        $"Invalid DSN: query parameter '{key}' at position {position} has no Npgsql equivalent; supported keys: {string.Join(", ", SupportedKeys)}.");
            }
        }

        // Npgsql checks target_session_attrs only across several hosts and refuses it for one, while libpq checks
        // the single server too. Listing that host twice gives libpq's meaning.
        if (builder.TryGetValue("Target Session Attributes", out object? attributes) && (string)attributes != "any"
            && builder.TryGetValue("Host", out object? host) && !((string)host).Contains(','))
        {
            builder["Host"] = host + "," + host;
        }

        return builder.ConnectionString;
    }

    private static void AddHosts(DbConnectionStringBuilder builder, IReadOnlyList<DsnHost> hosts, string defaultHost)
    {
        if (hosts.Count == 0)
        {
            builder["Host"] = defaultHost;
            return;
        }

        var names = new string[hosts.Count];
        for (int i = 0; i < names.Length; i++)
        {
            var host = hosts[i].Host ?? string.Empty;
            if (host.Contains(','))
            {
                throw new FormatException($"Invalid DSN: host {i + 1} contains ',', which Npgsql reads as a host separator.");
            }

            // Npgsql splits "host:port" at the last colon, so an IPv6 address must keep its brackets.
            names[i] = host.Length == 0 ? defaultHost : DsnHost.IsIPv6(host) ? "[" + host + "]" : host;
        }

        int? firstPort = hosts[0].Port;
        if (hosts.All(h => h.Port == firstPort))
        {
            builder["Host"] = string.Join(",", names);
            if (firstPort is { } port)
            {
                builder["Port"] = port.ToString(CultureInfo.InvariantCulture);
            }

            return;
        }

        // Different ports per host: Npgsql takes them inline, Host=h1:5432,h2:5433; a host without one gets Port's default.
        for (int i = 0; i < names.Length; i++)
        {
            if (hosts[i].Port is { } port)
            {
                names[i] += ":" + port.ToString(CultureInfo.InvariantCulture);
            }
        }

        builder["Host"] = string.Join(",", names);
    }

    /// <summary>libpq's default when no host is given: the local socket directory on Unix, localhost on Windows.</summary>
    internal static string DefaultHost()
    {
        if (OperatingSystem.IsWindows())
        {
            return "localhost";
        }

        // /tmp is the compiled-in default; Debian-family builds use /var/run/postgresql instead.
        return Directory.Exists("/var/run/postgresql") ? "/var/run/postgresql" : "/tmp";
    }

    private static string DisablePreferRequire(string key, string value, int position) => value switch
    {
        "disable" => "Disable",
        "prefer" => "Prefer",
        "require" => "Require",
        _ => throw BadValue(key, position, "disable, prefer, require"),
    };

    // libpq's list: methods, all plain or all negated with '!'; Npgsql spells them as its RequireAuthMode names.
    private static string RequireAuth(string value, int position)
    {
        var modes = new List<string>();
        bool? negated = null;
        foreach (var entry in value.Split(','))
        {
            bool not = entry.StartsWith('!');
            if (negated is { } n && n != not)
            {
                throw new FormatException(
                    $"Invalid DSN: value of 'require_auth' at position {position} mixes negated and plain methods, which libpq and Npgsql reject.");
            }

            negated = not;
            string mode = (not ? entry[1..] : entry) switch
            {
                "password" => "Password",
                "md5" => "MD5",
                "gss" => "GSS",
                "sspi" => "SSPI",
                "scram-sha-256" => "ScramSHA256",
                "none" => "None",
                _ => throw BadValue("require_auth", position, "a comma-separated list of password, md5, gss, sspi, scram-sha-256, none, each optionally prefixed with '!'"),
            };
            modes.Add(not ? "!" + mode : mode);
        }

        return string.Join(",", modes);
    }

    private static int Integer(string key, string value, int position, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int result) || result < min || result > max)
        {
            string range = min == int.MinValue ? (max == int.MaxValue ? "an integer" : $"an integer up to {max}") : $"an integer from {min} to {max}";
            throw BadValue(key, position, range);
        }

        return result;
    }

    // The value itself is never quoted; the key is one of ours, so naming it is safe.
    private static FormatException BadValue(string key, int position, string expected) =>
        new($"Invalid DSN: value of '{key}' at position {position} is not valid; expected {expected}.");
}
