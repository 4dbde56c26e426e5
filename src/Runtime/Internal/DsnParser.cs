using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Sqlmint.Internal;

/// <summary>
/// The DSN grammar. PostgreSQL follows libpq's <c>conninfo_uri_parse_options</c> step by step, so the same text
/// means the same thing here and in psql. Errors never quote the input: they give the part and the position.
/// </summary>
internal static class DsnParser
{
    internal const string Postgresql = "postgresql";
    internal const string Sqlite = "sqlite";
    internal const string Memory = ":memory:";

    /// <summary>Every keyword libpq accepts in a connection URI (PostgreSQL 18), including the five folded into <see cref="Dsn"/> properties.</summary>
    internal static readonly string[] LibpqKeys =
    [
        "application_name", "channel_binding", "client_encoding", "connect_timeout", "dbname",
        "fallback_application_name", "gssdelegation", "gssencmode", "gsslib", "host", "hostaddr", "keepalives",
        "keepalives_count", "keepalives_idle", "keepalives_interval", "krbsrvname", "load_balance_hosts",
        "max_protocol_version", "min_protocol_version", "oauth_ca_file", "oauth_client_id", "oauth_client_secret",
        "oauth_issuer", "oauth_scope", "options", "passfile", "password", "port", "replication", "require_auth",
        "requirepeer", "scram_client_key", "scram_server_key", "service", "servicefile", "ssl_max_protocol_version",
        "ssl_min_protocol_version", "sslcert", "sslcertmode", "sslcompression", "sslcrl", "sslcrldir", "sslkey",
        "sslkeylogfile", "sslmode", "sslnegotiation", "sslpassword", "sslrootcert", "sslsni", "target_session_attrs",
        "tcp_user_timeout", "user",
    ];

    /// <summary>The query keys a SQLite DSN accepts; <c>password</c> is folded into <see cref="Dsn.Password"/>.</summary>
    internal static readonly string[] SqliteKeys =
        ["cache", "default_timeout", "foreign_keys", "mode", "password", "pooling", "recursive_triggers", "vfs"];

    // Array.IndexOf rather than a HashSet: the lists are short, a DSN is parsed once per engine, and a HashSet<string>
    // would be a collection type of its own in a NativeAOT binary.
    private static bool IsLibpqKey(string key) => Array.IndexOf(LibpqKeys, key) >= 0;

    private static bool IsSqliteKey(string key) => Array.IndexOf(SqliteKeys, key) >= 0;

    internal static string DefaultDriver(string dbms) => dbms switch
    {
        Postgresql => "npgsql",
        Sqlite => "microsoft",
        _ => string.Empty,
    };

    /// <summary>Query keys whose values are credentials, redacted by <see cref="Dsn.ToString"/>.</summary>
    internal static bool IsSecretKey(string key)
    {
        foreach (var marker in (ReadOnlySpan<string>)["password", "passwd", "pwd", "secret", "token", "scram_"])
        {
            if (key.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out Dsn? dsn, [NotNullWhen(false)] out string? error)
    {
        var parser = new Parser(text);
        dsn = parser.Run();
        error = dsn is null ? parser.Error ?? "Invalid DSN." : null;
        return dsn is not null;
    }

    /// <summary>Percent-encodes everything but RFC 3986 unreserved characters and <paramref name="keep"/>.</summary>
    internal static void Encode(StringBuilder sb, string value, string keep)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (c < 128 && keep.Contains(c)))
            {
                sb.Append(c);
                continue;
            }

            int length = 1;
            if (!Rune.TryCreate(c, out var rune))
            {
                // A surrogate pair is one rune; a lone surrogate cannot be encoded and becomes U+FFFD.
                if (i + 1 < value.Length && Rune.TryCreate(c, value[i + 1], out rune))
                {
                    length = 2;
                }
                else
                {
                    rune = Rune.ReplacementChar;
                }
            }

            int count = rune.EncodeToUtf8(utf8);
            for (int b = 0; b < count; b++)
            {
                sb.Append('%').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }
    }

    /// <summary>The supported key closest to <paramref name="key"/>, for a "did you mean" hint, or null when none is close.</summary>
    internal static string? Suggest(string key, string[] candidates)
    {
        // The key is never echoed; only a known key is, and only when it is a near miss.
        if (key.Length == 0 || key.Length > 40)
        {
            return null;
        }

        string lower = key.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(lower, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(1, Math.Min(3, key.Length / 3)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // Classes, not record structs: a List of a struct is a generic instantiation of its own in a NativeAOT binary
    // (and a record's generated members are compiled in), while Lists of classes share one.
    private sealed class Param(string key, string value, int keyStart, int valueStart)
    {
        public string Key { get; } = key;

        public string Value { get; } = value;

        public int KeyStart { get; } = keyStart;

        public int ValueStart { get; } = valueStart;
    }

    // A port's text (still to be parsed) and where it starts, for the error message.
    private sealed class PortText(string text, int position)
    {
        public string Text { get; } = text;

        public int Position { get; } = position;
    }

    private sealed class Parser(string text)
    {
        private readonly string _s = text;

        public string? Error { get; private set; }

        public Dsn? Run()
        {
            // libpq's C strings cannot hold NUL, and connection-string builders reject it; %00 is refused for the same reason.
            int nul = _s.IndexOf('\0');
            if (nul >= 0)
            {
                return Fail("NUL character at position " + nul + " is not allowed");
            }

            int sep = _s.IndexOf("://", StringComparison.Ordinal);
            if (sep < 0)
            {
                int colon = _s.IndexOf(':');
                return Fail("missing '://' after the DBMS name at position " + (colon < 0 ? _s.Length : colon) + " (expected dbms[+driver]://...)");
            }

            if (!ParseScheme(sep, out var dbms, out var driver))
            {
                return null;
            }

            if (dbms == "postgres")
            {
                dbms = Postgresql;
            }

            driver ??= DefaultDriver(dbms);
            int pos = sep + 3;
            return dbms switch
            {
                Postgresql => ParseUri(pos, dbms, driver, libpq: true),
                Sqlite => ParseSqlite(pos, driver),
                _ => ParseUri(pos, dbms, driver, libpq: false),
            };
        }

        // The messages are built with + and string.Format rather than $"...": an interpolated string compiles to
        // inline appends, some 500 bytes of native code per message in a NativeAOT binary, for text only bad input needs.
        private Dsn? Fail(string message)
        {
            Error = "Invalid DSN: " + message + ".";
            return null;
        }

        private bool FailBool(string message)
        {
            Fail(message);
            return false;
        }

        private bool ParseScheme(int end, out string dbms, out string? driver)
        {
            dbms = string.Empty;
            driver = null;
            int plus = -1;
            for (int i = 0; i < end; i++)
            {
                char c = _s[i];
                if (c == '+')
                {
                    if (i == 0)
                    {
                        return FailBool("empty DBMS name before '+' at position 0");
                    }

                    if (plus >= 0)
                    {
                        return FailBool("second '+' at position " + i + " in the scheme (a DSN names one driver: dbms+driver)");
                    }

                    if (i == end - 1)
                    {
                        return FailBool("empty driver name after '+' at position " + i);
                    }

                    plus = i;
                }
                else if (i == 0 ? !char.IsAsciiLetter(c) : !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                {
                    return FailBool(
                        string.Format(
                            "character {0} at position {1} is not allowed in the DBMS name (it must start with a letter and use letters, digits, '-', '.' and one '+' before the driver)",
                            Describe(c), i));
                }
            }

            if (end == 0)
            {
                return FailBool("empty DBMS name at position 0 (expected dbms[+driver]://...)");
            }

            if (plus < 0)
            {
                dbms = _s[..end].ToLowerInvariant();
            }
            else
            {
                dbms = _s[..plus].ToLowerInvariant();
                driver = _s[(plus + 1)..end].ToLowerInvariant();
            }

            return true;
        }

        // A single character cannot reveal a password, and naming it makes scheme typos obvious.
        private static string Describe(char c) =>
            c is >= ' ' and < (char)127 ? "'" + c + "'" : "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

        private Dsn? ParseUri(int start, string dbms, string driver, bool libpq)
        {
            int n = _s.Length;
            string? user = null;
            string? password = null;
            int pos = start;

            // Like libpq: credentials exist only if an '@' comes before the first '/'.
            int at = start;
            while (at < n && _s[at] != '@' && _s[at] != '/')
            {
                at++;
            }

            if (at < n && _s[at] == '@')
            {
                int userEnd = start;
                while (_s[userEnd] != ':' && _s[userEnd] != '@')
                {
                    userEnd++;
                }

                if (!Decode(start, userEnd, "user name", out user))
                {
                    return null;
                }

                if (_s[userEnd] == ':' && !Decode(userEnd + 1, at, "password", out password))
                {
                    return null;
                }

                user = NullIfEmpty(user);
                password = NullIfEmpty(password);
                pos = at + 1;
            }

            var uriHosts = new List<string>();

            // Where each host's port text starts and ends, two entries per host (a List<int>, which every app has
            // already, rather than a list of a type of its own).
            var uriPorts = new List<int>();
            while (true)
            {
                string? host;
                if (pos < n && _s[pos] == '[')
                {
                    int close = _s.IndexOf(']', pos + 1);
                    if (close < 0)
                    {
                        return Fail("unterminated '[' at position " + pos + " (an IPv6 address needs a closing ']')");
                    }

                    if (close == pos + 1)
                    {
                        return Fail("empty IPv6 address '[]' at position " + pos);
                    }

                    if (!Decode(pos + 1, close, "IPv6 host", out host))
                    {
                        return null;
                    }

                    pos = close + 1;
                    if (pos < n && _s[pos] is not (':' or '/' or '?' or ','))
                    {
                        return Fail("unexpected character at position " + pos + " after the IPv6 address (expected ':', '/', '?' or ',')");
                    }
                }
                else
                {
                    int hostStart = pos;
                    while (pos < n && _s[pos] is not (':' or '/' or '?' or ','))
                    {
                        pos++;
                    }

                    if (!Decode(hostStart, pos, "host", out host))
                    {
                        return null;
                    }
                }

                uriHosts.Add(host);
                if (pos < n && _s[pos] == ':')
                {
                    int portStart = ++pos;
                    while (pos < n && _s[pos] is not ('/' or '?' or ','))
                    {
                        pos++;
                    }

                    uriPorts.Add(portStart);
                    uriPorts.Add(pos);
                }
                else
                {
                    uriPorts.Add(pos);
                    uriPorts.Add(pos);
                }

                if (pos < n && _s[pos] == ',')
                {
                    pos++;
                    continue;
                }

                break;
            }

            string? database = null;
            if (pos < n && _s[pos] == '/')
            {
                int dbStart = ++pos;
                while (pos < n && _s[pos] != '?')
                {
                    pos++;
                }

                if (!Decode(dbStart, pos, "database name", out database))
                {
                    return null;
                }

                database = NullIfEmpty(database);
            }

            var parameters = new List<Param>();
            if (pos < n && !ParseQuery(pos + 1, parameters))
            {
                return null;
            }

            // Query parameters override URI parts, as in libpq (which applies them after the URI, last one winning).
            var hostNames = uriHosts;
            List<PortText> ports = [];
            for (int i = 0; i < uriPorts.Count; i += 2)
            {
                if (!Decode(uriPorts[i], uriPorts[i + 1], "port", out var portText))
                {
                    return null;
                }

                ports.Add(new PortText(portText, uriPorts[i]));
            }

            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in parameters)
            {
                string key = p.Key;
                string value = p.Value;
                if (libpq)
                {
                    // libpq's JDBC compatibility: ssl=true is sslmode=require; any other ssl value is an unknown key.
                    if (key == "ssl" && value == "true")
                    {
                        key = "sslmode";
                        value = "require";
                    }

                    switch (key)
                    {
                        case "host":
                            hostNames = [];
                            foreach (var entry in value.Split(','))
                            {
                                // Brackets are a URI notation; accept them here too rather than pass them to DNS.
                                hostNames.Add(entry.Length > 1 && entry[0] == '[' && entry[^1] == ']' ? entry[1..^1] : entry);
                            }

                            continue;
                        case "port":
                            ports = [];
                            foreach (var entry in value.Split(','))
                            {
                                ports.Add(new PortText(entry, p.ValueStart));
                            }

                            continue;
                        case "dbname":
                            database = NullIfEmpty(value);
                            continue;
                        case "user":
                            user = NullIfEmpty(value);
                            continue;
                        case "password":
                            password = NullIfEmpty(value);
                            continue;
                    }

                    if (!IsLibpqKey(key))
                    {
                        return UnknownKey(p, "libpq keyword", LibpqKeys);
                    }
                }

                if (!positions.ContainsKey(key))
                {
                    order.Add(key);
                }

                query[key] = value;
                positions[key] = p.ValueStart;
            }

            if (!CombineHosts(hostNames, ports, out var hosts))
            {
                return null;
            }

            return new Dsn(dbms, driver, user, password, hosts, database, false, query, [.. order], positions);
        }

        private bool CombineHosts(List<string> hostNames, List<PortText> ports, [NotNullWhen(true)] out DsnHost[]? hosts)
        {
            hosts = null;

            // libpq leaves host and port unset when their text is empty; a list of one empty entry is that case.
            bool noHost = hostNames.Count == 1 && hostNames[0].Length == 0;
            if (ports.Count == 1 && ports[0].Text.Length == 0)
            {
                ports.Clear();
            }

            if (ports.Count > 1 && ports.Count != hostNames.Count)
            {
                return FailBool(
                    string.Format(
                        "the port list at position {0} has {1} entries for {2} host{3} (give one port for all hosts, or one port per host)",
                        ports[0].Position, ports.Count, hostNames.Count, hostNames.Count == 1 ? "" : "s"));
            }

            var parsed = new int?[ports.Count];
            for (int i = 0; i < ports.Count; i++)
            {
                if (!ParsePort(ports[i].Text, ports[i].Position, out parsed[i]))
                {
                    return false;
                }
            }

            if (noHost && ports.Count == 0)
            {
                hosts = [];
                return true;
            }

            hosts = new DsnHost[hostNames.Count];
            for (int i = 0; i < hosts.Length; i++)
            {
                int? port = ports.Count switch
                {
                    0 => null,
                    1 => parsed[0],
                    _ => parsed[i],
                };
                hosts[i] = new DsnHost(hostNames[i], port);
            }

            return true;
        }

        private bool ParsePort(string text, int position, out int? port)
        {
            port = null;
            if (text.Length == 0)
            {
                // An empty entry in a port list means the default port, as in libpq.
                return true;
            }

            int value = 0;
            foreach (char c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return FailBool("port at position " + position + " is not a number between 1 and 65535");
                }

                value = Math.Min(value * 10 + (c - '0'), 1_000_000);
            }

            if (value is < 1 or > 65535)
            {
                return FailBool("port at position " + position + " is not a number between 1 and 65535");
            }

            port = value;
            return true;
        }

        private Dsn? ParseSqlite(int start, string driver)
        {
            int n = _s.Length;
            int pos = start;
            while (pos < n && _s[pos] is not ('/' or '?'))
            {
                pos++;
            }

            if (pos > start)
            {
                return Fail(
                    "a SQLite DSN has no host or user part, but one starts at position " + start +
                    " (use sqlite:///relative.db, sqlite:////absolute/path.db, or sqlite:// for an in-memory database)");
            }

            string path = string.Empty;
            if (pos < n && _s[pos] == '/')
            {
                int pathStart = ++pos;
                while (pos < n && _s[pos] != '?')
                {
                    pos++;
                }

                if (!Decode(pathStart, pos, "database path", out path))
                {
                    return null;
                }
            }

            var parameters = new List<Param>();
            if (pos < n && !ParseQuery(pos + 1, parameters))
            {
                return null;
            }

            string? password = null;
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in parameters)
            {
                if (!IsSqliteKey(p.Key))
                {
                    return UnknownKey(p, "SQLite DSN key", SqliteKeys);
                }

                if (p.Key == "password")
                {
                    password = NullIfEmpty(p.Value);
                    continue;
                }

                if (!positions.ContainsKey(p.Key))
                {
                    order.Add(p.Key);
                }

                query[p.Key] = p.Value;
                positions[p.Key] = p.ValueStart;
            }

            bool memory = path.Length == 0 || path == Memory;
            string database = path.Length == 0 ? Memory : path;
            bool inMemory = memory || (query.TryGetValue("mode", out var mode) && mode == "memory");
            return new Dsn(Sqlite, driver, null, password, [], database, inMemory, query, [.. order], positions);
        }

        private Dsn? UnknownKey(Param p, string what, string[] supported)
        {
            var suggestion = Suggest(p.Key, supported);
            var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            return Fail(string.Format("unknown query parameter at position {0}{1}; supported {2}s: {3}", p.KeyStart, hint, what, string.Join(", ", supported)));
        }

        // libpq's conninfo_uri_parse_params: key=value pairs separated by '&', exactly one '=' each.
        private bool ParseQuery(int pos, List<Param> parameters)
        {
            int n = _s.Length;
            while (pos < n)
            {
                int keyStart = pos;
                int equals = -1;
                while (pos < n && _s[pos] != '&')
                {
                    if (_s[pos] == '=')
                    {
                        if (equals >= 0)
                        {
                            return FailBool("second '=' at position " + pos + " in a query parameter (write '=' inside a value as %3D)");
                        }

                        equals = pos;
                    }

                    pos++;
                }

                if (equals < 0)
                {
                    return FailBool("query parameter at position " + keyStart + " has no '=' (expected key=value)");
                }

                if (equals == keyStart)
                {
                    return FailBool("empty query key at position " + keyStart);
                }

                if (!Decode(keyStart, equals, "query key", out var key))
                {
                    return false;
                }

                // Name the part by its key only when the key is one we know, so no input text is ever echoed.
                bool known = IsLibpqKey(key) || IsSqliteKey(key);
                string part = known ? $"value of '{key}'" : "query value";
                if (!Decode(equals + 1, pos, part, out var value))
                {
                    return false;
                }

                parameters.Add(new Param(key, value, keyStart, equals + 1));
                if (pos < n)
                {
                    pos++;
                }
            }

            return true;
        }

        private bool Decode(int start, int end, string part, out string value)
        {
            value = string.Empty;
            int firstPercent = _s.IndexOf('%', start, end - start);
            if (firstPercent < 0)
            {
                value = _s[start..end];
                return true;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent((end - start) * 3);
            try
            {
                int length = Encoding.UTF8.GetBytes(_s.AsSpan(start, firstPercent - start), buffer);
                int i = firstPercent;
                while (i < end)
                {
                    char c = _s[i];
                    if (c != '%')
                    {
                        int next = _s.IndexOf('%', i, end - i);
                        int runEnd = next < 0 ? end : next;
                        length += Encoding.UTF8.GetBytes(_s.AsSpan(i, runEnd - i), buffer.AsSpan(length));
                        i = runEnd;
                        continue;
                    }

                    if (i + 2 >= end || !char.IsAsciiHexDigit(_s[i + 1]) || !char.IsAsciiHexDigit(_s[i + 2]))
                    {
                        return FailBool(string.Format("bad percent-encoding at position {0} in the {1} ('%' must be followed by two hex digits)", i, part));
                    }

                    byte b = (byte)((HexValue(_s[i + 1]) << 4) | HexValue(_s[i + 2]));
                    if (b == 0)
                    {
                        return FailBool(string.Format("percent-encoded NUL (%00) at position {0} in the {1} is not allowed", i, part));
                    }

                    buffer[length++] = b;
                    i += 3;
                }

                char[] chars = ArrayPool<char>.Shared.Rent(length);
                try
                {
                    if (Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out _, out int written, replaceInvalidSequences: false)
                        != OperationStatus.Done)
                    {
                        return FailBool(string.Format("the percent-encoded bytes from position {0} in the {1} are not valid UTF-8", firstPercent, part));
                    }

                    value = new string(chars, 0, written);
                    return true;
                }
                finally
                {
                    ArrayPool<char>.Shared.Return(chars);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
