using System;
using System.Data.Common;
using System.Globalization;

namespace Sqlmint.Internal;

/// <summary>
/// Turns a SQLite <see cref="Dsn"/> into a Microsoft.Data.Sqlite connection string. Public for the generated
/// driver registration; not part of the supported API.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class SqliteConnectionString
{
    /// <summary>The query keys this builder maps, sorted (the DSN's <c>password</c> becomes <c>Password</c>).</summary>
    internal static readonly string[] SupportedKeys = DsnParser.SqliteKeys;

    /// <summary>Builds the Microsoft.Data.Sqlite connection string for <paramref name="dsn"/>.</summary>
    /// <exception cref="ArgumentException">The DSN is not a SQLite DSN.</exception>
    /// <exception cref="FormatException">A query key is unknown or a value is invalid; the message gives the position.</exception>
    public static string Build(Dsn dsn)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        if (dsn.Dbms != DsnParser.Sqlite)
        {
            throw new ArgumentException($"Expected a sqlite DSN, not '{dsn.Dbms}'.", nameof(dsn));
        }

        var builder = new DbConnectionStringBuilder
        {
            ["Data Source"] = dsn.Database ?? DsnParser.Memory,
        };
        if (dsn.Password is not null)
        {
            builder["Password"] = dsn.Password;
        }

        foreach (var key in dsn.QueryOrder)
        {
            string value = dsn.Query[key];
            int position = dsn.QueryPositions[key];
            switch (key)
            {
                case "mode":
                    builder["Mode"] = value switch
                    {
                        "ro" => "ReadOnly",
                        "rw" => "ReadWrite",
                        "rwc" => "ReadWriteCreate",
                        "memory" => "Memory",
                        _ => throw BadValue(key, position, "ro, rw, rwc, memory"),
                    };
                    break;
                case "cache":
                    builder["Cache"] = value switch
                    {
                        "shared" => "Shared",
                        "private" => "Private",
                        _ => throw BadValue(key, position, "shared, private"),
                    };
                    break;
                case "foreign_keys":
                    builder["Foreign Keys"] = Boolean(key, value, position);
                    break;
                case "recursive_triggers":
                    builder["Recursive Triggers"] = Boolean(key, value, position);
                    break;
                case "pooling":
                    builder["Pooling"] = Boolean(key, value, position);
                    break;
                case "default_timeout":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
                    {
                        throw BadValue(key, position, "a whole number of seconds");
                    }

                    builder["Default Timeout"] = seconds.ToString(CultureInfo.InvariantCulture);
                    break;
                case "vfs":
                    builder["Vfs"] = value;
                    break;
                default:
                    // string.Format, not $"...": an interpolated string is some 500 bytes of native code per message.
                    throw new FormatException(
                        string.Format("Invalid DSN: query parameter '{0}' at position {1} is not supported for SQLite; supported keys: {2}.", key, position, string.Join(", ", SupportedKeys)));
            }
        }

        return builder.ConnectionString;
    }

    // SQLite's own boolean spellings (PRAGMA accepts the same words).
    private static string Boolean(string key, string value, int position) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => "True",
        "false" or "0" or "off" or "no" => "False",
        _ => throw BadValue(key, position, "true or false (also 1/0, on/off, yes/no)"),
    };

    // The value itself is never quoted; the key is one of ours, so naming it is safe.
    private static FormatException BadValue(string key, int position, string expected) =>
        new(string.Format("Invalid DSN: value of '{0}' at position {1} is not valid; expected {2}.", key, position, expected));
}
