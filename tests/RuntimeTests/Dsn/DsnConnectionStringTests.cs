using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Internal;
using Xunit;

namespace Sqlmint.RuntimeTests.Dsn;

/// <summary>Every connection string is checked by the real driver's builder, through its typed properties.</summary>
public sealed class DsnConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Npgsql(string dsn, string defaultHost = "/sock") =>
        new(PostgresConnectionString.Build(Sqlmint.Dsn.Parse(dsn), defaultHost));

    private static SqliteConnectionStringBuilder Sqlite(string dsn) =>
        new(SqliteConnectionString.Build(Sqlmint.Dsn.Parse(dsn)));

    [Fact]
    public void Basic_parts()
    {
        var b = Npgsql("postgresql://alice:s3cr3t-P%40ss@db.example.com:5433/app");
        Assert.Equal("db.example.com", b.Host);
        Assert.Equal(5433, b.Port);
        Assert.Equal("app", b.Database);
        Assert.Equal("alice", b.Username);
        Assert.Equal("s3cr3t-P@ss", b.Password);
    }

    [Fact]
    public void Values_that_need_quoting_survive()
    {
        // ; = " ' and spaces in every part that is free text.
        const string nasty = "a;b=c\"d'e f";
        var encoded = Uri.EscapeDataString(nasty);
        var b = Npgsql($"postgresql://{encoded}:{encoded}@h/{encoded}?options={encoded}&application_name={encoded}&sslpassword={encoded}");
        Assert.Equal(nasty, b.Username);
        Assert.Equal(nasty, b.Password);
        Assert.Equal(nasty, b.Database);
        Assert.Equal(nasty, b.Options);
        Assert.Equal(nasty, b.ApplicationName);
        Assert.Equal(nasty, b.SslPassword);
        Assert.Equal(nasty, Sqlite($"sqlite:///{encoded}.db?password={encoded}").Password);
        Assert.Equal(nasty + ".db", Sqlite($"sqlite:///{encoded}.db").DataSource);
    }

    [Theory]
    [InlineData("postgresql://h1:5432,h2:5433/app", "h1:5432,h2:5433", 5432)]
    [InlineData("postgresql://h1,h2/app?port=6000", "h1,h2", 6000)]
    [InlineData("postgresql://h1:6000,h2:6000/app", "h1,h2", 6000)]
    [InlineData("postgresql://h1,h2:5433/app", "h1,h2:5433", 5432)]
    [InlineData("postgresql://h1,h2/app?port=1,2", "h1:1,h2:2", 5432)]
    [InlineData("postgresql://h/app?host=a,b,c", "a,b,c", 5432)]
    [InlineData("postgresql://[::1]:5433/app", "[::1]", 5433)]
    [InlineData("postgresql://[::1]/app", "[::1]", 5432)]
    [InlineData("postgresql://[::1]:5432,[2001:db8::2]:5433/app", "[::1]:5432,[2001:db8::2]:5433", 5432)]
    [InlineData("postgresql://[fe80::1%25eth0]:5/app", "[fe80::1%eth0]", 5)]
    [InlineData("postgresql://%2Fvar%2Frun%2Fpostgresql/app", "/var/run/postgresql", 5432)]
    [InlineData("postgresql:///app?host=/tmp&port=5433", "/tmp", 5433)]
    [InlineData("postgresql:///app?host=/tmp,/run&port=1,2", "/tmp:1,/run:2", 5432)]
    [InlineData("postgresql:///app", "/sock", 5432)]
    [InlineData("postgresql://:5433/app", "/sock", 5433)]
    [InlineData("postgresql://", "/sock", 5432)]
    [InlineData("postgresql://h1,,h2", "h1,/sock,h2", 5432)]
    public void Hosts(string dsn, string host, int port)
    {
        var b = Npgsql(dsn);
        Assert.Equal(host, b.Host);
        Assert.Equal(port, b.Port);
    }

    [Fact]
    public void Default_host_is_libpqs_local_socket_or_localhost()
    {
        var host = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Build(Sqlmint.Dsn.Parse("postgresql:///db"))).Host;
        Assert.Contains(host, new[] { "/var/run/postgresql", "/tmp", "localhost" });
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Sslmode(string value, SslMode expected)
    {
        Assert.Equal(expected, Npgsql($"postgresql://h/db?sslmode={value}").SslMode);
    }

    [Fact]
    public void Ssl_true_is_sslmode_require()
    {
        Assert.Equal(SslMode.Require, Npgsql("postgresql://h/db?ssl=true").SslMode);
    }

    [Theory]
    [InlineData("any")]
    [InlineData("read-write")]
    [InlineData("read-only")]
    [InlineData("primary")]
    [InlineData("standby")]
    [InlineData("prefer-standby")]
    public void Target_session_attrs(string value)
    {
        var cs = PostgresConnectionString.Build(Sqlmint.Dsn.Parse($"postgresql://h1,h2/db?target_session_attrs={value}"), "/sock");
        Assert.Equal(value, new NpgsqlConnectionStringBuilder(cs).TargetSessionAttributes);

        // Npgsql parses the value when it builds a multi-host data source; that must accept it.
        using var source = new NpgsqlDataSourceBuilder(cs).BuildMultiHost();
        Assert.NotNull(source);
    }

    [Theory]
    [InlineData("random", true)]
    [InlineData("disable", false)]
    public void Load_balance_hosts(string value, bool expected)
    {
        Assert.Equal(expected, Npgsql($"postgresql://h1,h2/db?load_balance_hosts={value}").LoadBalanceHosts);
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("0", 0)]
    [InlineData("-5", 0)]
    [InlineData("1024", 1024)]
    public void Connect_timeout(string value, int expected)
    {
        Assert.Equal(expected, Npgsql($"postgresql://h/db?connect_timeout={value}").Timeout);
    }

    [Fact]
    public void Application_name_and_its_fallback()
    {
        Assert.Equal("app", Npgsql("postgresql://h/db?application_name=app").ApplicationName);
        Assert.Equal("fb", Npgsql("postgresql://h/db?fallback_application_name=fb").ApplicationName);
        Assert.Equal("app", Npgsql("postgresql://h/db?fallback_application_name=fb&application_name=app").ApplicationName);
        Assert.Equal("app", Npgsql("postgresql://h/db?application_name=app&fallback_application_name=fb").ApplicationName);
    }

    [Fact]
    public void Every_other_supported_key()
    {
        var b = Npgsql(
            "postgresql://h/db?options=-c%20search_path%3Dx&sslcert=/c.pem&sslkey=/k.pem&sslpassword=kp&sslrootcert=/ca.pem"
            + "&channel_binding=require&gssencmode=disable&krbsrvname=pg&passfile=/p&client_encoding=UTF8"
            + "&keepalives=0&keepalives_idle=30&keepalives_interval=10&sslnegotiation=direct&require_auth=scram-sha-256");
        Assert.Equal("-c search_path=x", b.Options);
        Assert.Equal("/c.pem", b.SslCertificate);
        Assert.Equal("/k.pem", b.SslKey);
        Assert.Equal("kp", b.SslPassword);
        Assert.Equal("/ca.pem", b.RootCertificate);
        Assert.Equal(ChannelBinding.Require, b.ChannelBinding);
        Assert.Equal(GssEncryptionMode.Disable, b.GssEncryptionMode);
        Assert.Equal("pg", b.KerberosServiceName);
        Assert.Equal("/p", b.Passfile);
        Assert.Equal("UTF8", b.ClientEncoding);
        Assert.False(b.TcpKeepAlive);
        Assert.Equal(30, b.TcpKeepAliveTime);
        Assert.Equal(10, b.TcpKeepAliveInterval);
        Assert.Equal(SslNegotiation.Direct, b.SslNegotiation);
        Assert.Equal("ScramSHA256", b.RequireAuth);
    }

    [Theory]
    [InlineData("keepalives=1", true)]
    [InlineData("keepalives=7", true)]
    [InlineData("keepalives=0", false)]
    public void Keepalives(string query, bool expected)
    {
        Assert.Equal(expected, Npgsql("postgresql://h/db?" + query).TcpKeepAlive);
    }

    [Theory]
    [InlineData("password,md5", "Password,MD5")]
    [InlineData("!password,!md5", "!Password,!MD5")]
    [InlineData("gss,sspi,none", "GSS,SSPI,None")]
    public void Require_auth(string value, string expected)
    {
        Assert.Equal(expected, Npgsql($"postgresql://h/db?require_auth={value}").RequireAuth);
    }

    [Fact]
    public void Every_supported_key_has_a_mapping()
    {
        foreach (var key in PostgresConnectionString.SupportedKeys)
        {
            Assert.Contains(key, DsnParserKeys());
        }

        static string[] DsnParserKeys() => DsnParser.LibpqKeys;
    }

    [Fact]
    public void Empty_values_keep_the_default()
    {
        var b = Npgsql("postgresql://h/db?sslmode=&application_name=");
        Assert.Equal(SslMode.Prefer, b.SslMode);
        Assert.Null(b.ApplicationName);
    }

    // libpq keys Npgsql cannot honour, and bad values: errors with the key, the position and the supported list.
    [Theory]
    [InlineData("postgresql://h/db?hostaddr=10.0.0.1", "'hostaddr' at position 27 has no Npgsql equivalent")]
    [InlineData("postgresql://h/db?keepalives_count=3", "'keepalives_count' at position 35 has no Npgsql equivalent")]
    [InlineData("postgresql://h/db?sslcrl=/crl.pem", "'sslcrl' at position 25 has no Npgsql equivalent")]
    [InlineData("postgresql://h/db?service=prod", "'service'")]
    [InlineData("postgresql://h/db?sslmode=bogus", "value of 'sslmode' at position 26")]
    [InlineData("postgresql://h/db?sslmode=REQUIRE", "value of 'sslmode'")]
    [InlineData("postgresql://h/db?target_session_attrs=prefer-primary", "value of 'target_session_attrs'")]
    [InlineData("postgresql://h/db?load_balance_hosts=yes", "value of 'load_balance_hosts'")]
    [InlineData("postgresql://h/db?connect_timeout=abc", "value of 'connect_timeout'")]
    [InlineData("postgresql://h/db?connect_timeout=5000", "value of 'connect_timeout'")]
    [InlineData("postgresql://h/db?keepalives_idle=-1", "value of 'keepalives_idle'")]
    [InlineData("postgresql://h/db?channel_binding=maybe", "value of 'channel_binding'")]
    [InlineData("postgresql://h/db?gssencmode=allow", "value of 'gssencmode'")]
    [InlineData("postgresql://h/db?sslnegotiation=tls", "value of 'sslnegotiation'")]
    [InlineData("postgresql://h/db?require_auth=password,!md5", "mixes negated and plain")]
    [InlineData("postgresql://h/db?require_auth=kerberos", "value of 'require_auth'")]
    [InlineData("postgresql://h/db?client_encoding=auto", "value of 'client_encoding'")]
    public void Postgres_errors(string dsn, string fragment)
    {
        var parsed = Sqlmint.Dsn.Parse(dsn);
        var error = Assert.Throws<FormatException>(() => PostgresConnectionString.Build(parsed, "/sock"));
        Assert.Contains(fragment, error.Message);
        if (error.Message.Contains("no Npgsql equivalent"))
        {
            Assert.Contains("supported keys: application_name, channel_binding", error.Message);
        }
    }

    [Fact]
    public void Errors_never_contain_the_password_or_the_value()
    {
        var dsn = Sqlmint.Dsn.Parse("postgresql://u:s3cr3t-P%40ss@h/db?sslpassword=s3cr3t-P%40ss&sslmode=s3cr3t");
        var error = Assert.Throws<FormatException>(() => PostgresConnectionString.Build(dsn, "/sock"));
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public void Builders_check_the_dbms()
    {
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.Build(Sqlmint.Dsn.Parse("sqlite://")));
        Assert.Throws<ArgumentException>(() => SqliteConnectionString.Build(Sqlmint.Dsn.Parse("postgresql://h")));
        Assert.Throws<ArgumentException>(() => SqliteConnectionString.Build(Sqlmint.Dsn.Parse("mysql://h")));
    }

    [Theory]
    [InlineData("sqlite://", ":memory:")]
    [InlineData("sqlite:///", ":memory:")]
    [InlineData("sqlite:///:memory:", ":memory:")]
    [InlineData("sqlite:///relative.db", "relative.db")]
    [InlineData("sqlite:////abs/path.db", "/abs/path.db")]
    [InlineData("sqlite:///my%20dir/x.db", "my dir/x.db")]
    public void Sqlite_data_source(string dsn, string expected)
    {
        Assert.Equal(expected, Sqlite(dsn).DataSource);
    }

    [Theory]
    [InlineData("ro", SqliteOpenMode.ReadOnly)]
    [InlineData("rw", SqliteOpenMode.ReadWrite)]
    [InlineData("rwc", SqliteOpenMode.ReadWriteCreate)]
    [InlineData("memory", SqliteOpenMode.Memory)]
    public void Sqlite_mode(string value, SqliteOpenMode expected)
    {
        Assert.Equal(expected, Sqlite($"sqlite:///x.db?mode={value}").Mode);
    }

    [Theory]
    [InlineData("shared", SqliteCacheMode.Shared)]
    [InlineData("private", SqliteCacheMode.Private)]
    public void Sqlite_cache(string value, SqliteCacheMode expected)
    {
        Assert.Equal(expected, Sqlite($"sqlite:///x.db?cache={value}").Cache);
    }

    [Fact]
    public void Sqlite_other_keys()
    {
        var b = Sqlite("sqlite:///x.db?foreign_keys=true&pooling=false&default_timeout=7&recursive_triggers=1&vfs=unix-dotfile&password=pw");
        Assert.True(b.ForeignKeys);
        Assert.False(b.Pooling);
        Assert.Equal(7, b.DefaultTimeout);
        Assert.True(b.RecursiveTriggers);
        Assert.Equal("unix-dotfile", b.Vfs);
        Assert.Equal("pw", b.Password);
        Assert.False(Sqlite("sqlite:///x.db?foreign_keys=off").ForeignKeys);
        Assert.Null(Sqlite("sqlite:///x.db").ForeignKeys);
    }

    [Theory]
    [InlineData("sqlite:///x.db?mode=readonly", "value of 'mode' at position 20")]
    [InlineData("sqlite:///x.db?cache=default", "value of 'cache'")]
    [InlineData("sqlite:///x.db?foreign_keys=maybe", "value of 'foreign_keys'")]
    [InlineData("sqlite:///x.db?pooling=", "value of 'pooling'")]
    [InlineData("sqlite:///x.db?default_timeout=-1", "value of 'default_timeout'")]
    public void Sqlite_errors(string dsn, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => SqliteConnectionString.Build(Sqlmint.Dsn.Parse(dsn)));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Sqlite_in_memory_connection_opens()
    {
        using var connection = new SqliteConnection(SqliteConnectionString.Build(Sqlmint.Dsn.Parse("sqlite://?foreign_keys=true")));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "pragma foreign_keys";
        Assert.Equal(1L, command.ExecuteScalar());
    }
}
