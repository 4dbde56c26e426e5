using Xunit;

namespace Sqlmint.RuntimeTests.Dsn;

public sealed class DsnErrorTests
{
    // Each case: the DSN, a fragment naming the problem, and the 0-based position the message must give.
    public static TheoryData<string, string, int> Errors() => new()
    {
        // Scheme.
        { "", "missing '://'", 0 },
        { "postgresql", "missing '://'", 10 },
        { "postgresql:/h/db", "missing '://'", 10 },
        { "localhost:5432/db", "missing '://'", 9 },
        { "://h", "empty DBMS name", 0 },
        { "+npgsql://h", "empty DBMS name", 0 },
        { "postgresql+://h", "empty driver name", 10 },
        { "postgresql+a+b://h", "second '+'", 12 },
        { "post gres://h", "character ' '", 4 },
        { "1pg://h", "character '1'", 0 },
        { "pg_sql://h", "character '_'", 2 },
        { "pg\u00e9://h", "character U+00E9", 2 },

        // Percent-encoding, everywhere.
        { "postgresql://h/%zz", "bad percent-encoding", 15 },
        { "postgresql://h/db%4", "bad percent-encoding", 17 },
        { "postgresql://h/db%", "bad percent-encoding", 17 },
        { "postgresql://h/%00", "NUL", 15 },
        { "postgresql://h/d\0b", "NUL character", 16 },
        { "postgresql://u:s3cr3t\0@h/db", "NUL character", 21 },
        { "postgresql://h/%FF", "not valid UTF-8", 15 },
        { "postgresql://h/a%C3", "not valid UTF-8", 16 },
        { "postgresql://%zz/db", "bad percent-encoding", 13 },
        { "postgresql://u%g1@h", "bad percent-encoding", 14 },
        { "postgresql://[::1%2]/db", "bad percent-encoding", 17 },
        { "postgresql://h:%3x/db", "bad percent-encoding", 15 },
        { "postgresql://h:%35x/db", "port at position 15", 15 },
        { "postgresql://h/db?application_name=%zz", "value of 'application_name'", 35 },
        { "postgresql://h/db?applic%ation_name=x", "query key", 24 },
        { "postgresql://h/db?x=%zz", "bad percent-encoding", 20 },
        { "sqlite:///%zz", "database path", 10 },

        // Ports.
        { "postgresql://h:abc/db", "port at position 15 is not a number between 1 and 65535", 15 },
        { "postgresql://h:0", "not a number between 1 and 65535", 15 },
        { "postgresql://h:65536", "not a number between 1 and 65535", 15 },
        { "postgresql://h:99999999999999999999999", "not a number between 1 and 65535", 15 },
        { "postgresql://h:-1", "not a number between 1 and 65535", 15 },
        { "postgresql://h:+1", "not a number between 1 and 65535", 15 },
        { "postgresql://h: 1", "not a number between 1 and 65535", 15 },
        { "postgresql://h:5432,h2:x/db", "port", 23 },
        { "postgresql://[::1]:x/db", "port", 19 },
        { "postgresql://h/db?port=abc", "port", 23 },
        { "postgresql://h/db?port=5432,0", "port", 23 },
        { "mysql://h:abc", "port", 10 },

        // Hosts.
        { "postgresql://[::1", "unterminated '['", 13 },
        { "postgresql://u:p@[::1/db", "unterminated '['", 17 },
        { "postgresql://[]", "empty IPv6 address", 13 },
        { "postgresql://[::1]x", "unexpected character", 18 },
        { "postgresql://h,[::1]x/db", "unexpected character", 20 },

        // libpq's rule: one port for all hosts, or one per host.
        { "postgresql://h1:1,h2:2,h3:3/db?port=1,2", "2 entries for 3 hosts", 36 },
        { "postgresql://h1,h2/db?port=1,2,3", "3 entries for 2 hosts", 27 },
        { "postgresql://h/db?host=a,b,c&port=1,2", "2 entries for 3 hosts", 34 },
        { "postgresql://h1:1,h2:2/db?host=a", "2 entries for 1 host", 16 },
        { "postgresql:///db?port=1,2", "2 entries for 1 host", 22 },

        // Query syntax and keys.
        { "postgresql://h/db?bogus=1", "unknown query parameter at position 18", 18 },
        { "postgresql://h/db?sslmod=require", "did you mean 'sslmode'", 18 },
        { "postgresql://h/db?ssl=false", "unknown query parameter", 18 },
        { "postgresql://h/db?SSLMODE=require", "unknown query parameter", 18 },
        { "postgresql://h/db?a", "has no '='", 18 },
        { "postgresql://h/db?a=b=c", "second '='", 21 },
        { "postgresql://h/db?=x", "empty query key", 18 },
        { "postgresql://h/db?a=1&&b=2", "has no '='", 22 },
        { "postgresql://h/db?&", "has no '='", 18 },
        { "mysql://h/db?=x", "empty query key", 13 },
        { "mysql://h/db?x", "has no '='", 13 },

        // SQLite.
        { "sqlite://host/x.db", "no host or user part", 9 },
        { "sqlite://:memory:", "no host or user part", 9 },
        { "sqlite://u:s3cr3t-P%40ss@/x.db", "no host or user part", 9 },
        { "sqlite:///x.db?bogus=1", "supported SQLite DSN keys: cache, default_timeout, foreign_keys, mode, password, pooling, recursive_triggers, vfs", 15 },
        { "sqlite:///x.db?mde=ro", "did you mean 'mode'", 15 },
        { "sqlite:///x.db?mode", "has no '='", 15 },
    };

    // Errors where the password is right there: the message must never contain it.
    public static TheoryData<string, string, int> ErrorsNearThePassword() => new()
    {
        { "postgresql://u:s3cr3t-P%zzss@h/db", "bad percent-encoding", 23 },
        { "postgresql://u:s3cr3t-P%4@h/db", "bad percent-encoding", 23 },
        { "postgresql://u:s3cr3t-P%@h/db", "bad percent-encoding", 23 },
        { "postgresql://u:s3cr3t-P%FFss@h/db", "not valid UTF-8", 23 },
        { "postgresql://u:s3cr3t-P%00ss@h/db", "NUL", 23 },
        { "postgresql://u:s3cr3t-P%40ss/db", "port at position 15", 15 },
        { "postgresql://u:s3cr3t-P%40ss@h:abc/db", "port", 31 },
        { "postgresql://u:s3cr3t-P%40ss@h/db?password=%zz", "value of 'password'", 43 },
        { "postgresql://h/db?password=s3cr3t-P%zzss", "value of 'password'", 35 },
        { "postgresql://h/db?password=s3cr3t-P%40ss&bogus=1", "unknown query parameter", 41 },
        { "postgresql://h/db?s3cr3t-P%40ss=1", "unknown query parameter", 18 },
        { "postgresql://h/db?password=s3cr3t-P%40ss=x", "second '='", 40 },
        { "postgresql://h/db?s3cr3t-P%40ss", "has no '='", 18 },
        { "postgresql://u:s3cr3t-P%40ss@[::1", "unterminated '['", 29 },
        { "postgresql://u:s3cr3t-P%40ss@h1:1,h2:2/db?port=1,2,3", "3 entries for 2 hosts", 47 },
        { "postgresql://h/db?sslpassword=s3cr3t-P%zz", "value of 'sslpassword'", 38 },
        { "sqlite:///x.db?password=s3cr3t-P%zz", "value of 'password'", 32 },
        { "s3cr3t-P@ss://h", "character '@'", 8 },
        { "s3cr3t-P%40ss", "missing '://'", 13 },
        { "postgresql:/u:s3cr3t-P%40ss@h", "missing '://'", 10 },
        { "mysql://u:s3cr3t-P%zz@h", "bad percent-encoding", 18 },
        { "mysql://u:s3cr3t-P%40ss/db", "port", 10 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    [MemberData(nameof(ErrorsNearThePassword))]
    public void Parse_names_the_problem_and_its_position(string dsn, string fragment, int position)
    {
        var error = Assert.Throws<FormatException>(() => Sqlmint.Dsn.Parse(dsn));
        Assert.StartsWith("Invalid DSN: ", error.Message);
        Assert.Contains(fragment, error.Message);
        Assert.Contains($"position {position}", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    [MemberData(nameof(ErrorsNearThePassword))]
    public void TryParse_returns_false(string dsn, string fragment, int position)
    {
        _ = (fragment, position);
        Assert.False(Sqlmint.Dsn.TryParse(dsn, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void Null_input()
    {
        Assert.Throws<ArgumentNullException>(() => Sqlmint.Dsn.Parse(null!));
        Assert.False(Sqlmint.Dsn.TryParse(null, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void An_unknown_postgres_key_lists_the_libpq_keys()
    {
        var error = Assert.Throws<FormatException>(() => Sqlmint.Dsn.Parse("postgresql://h/db?bogus=1"));
        foreach (var key in new[] { "sslmode", "application_name", "target_session_attrs", "load_balance_hosts", "connect_timeout" })
        {
            Assert.Contains(key, error.Message);
        }
    }

    [Fact]
    public void Messages_quote_nothing_from_the_input()
    {
        // The offending text is identified by position only, so even a non-secret token is not echoed.
        var error = Assert.Throws<FormatException>(() => Sqlmint.Dsn.Parse("postgresql://h:zzqx/db"));
        Assert.DoesNotContain("zzqx", error.Message);
        error = Assert.Throws<FormatException>(() => Sqlmint.Dsn.Parse("postgresql://h/db?zzqx=1"));
        Assert.DoesNotContain("zzqx", error.Message);
    }

    [Fact]
    public void Huge_inputs_are_handled_in_linear_time()
    {
        string[] inputs =
        [
            "postgresql://" + new string('h', 1_000_000),
            "postgresql://" + string.Concat(Enumerable.Repeat("h:1,", 200_000)),
            "postgresql://h/db?" + string.Concat(Enumerable.Repeat("sslmode=require&", 100_000)),
            "postgresql://h/" + string.Concat(Enumerable.Repeat("%E2%82%AC", 200_000)),
            "postgresql://h/db?" + new string('x', 1_000_000) + "=1",
            new string(':', 1_000_000),
            "postgresql://" + new string('[', 1_000_000),
        ];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            _ = Sqlmint.Dsn.TryParse(input, out _);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
