using Xunit;

namespace Sqlmint.RuntimeTests.Dsn;

public sealed class DsnGrammarTests
{
    public static TheoryData<string, string> ValidCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (dsn, expected) in DsnCorpus.Valid)
        {
            data.Add(dsn, expected);
        }

        return data;
    }

    public static TheoryData<string> AllValid()
    {
        var data = new TheoryData<string>();
        foreach (var (dsn, _) in DsnCorpus.Valid)
        {
            data.Add(dsn);
        }

        foreach (var dsn in DsnCorpus.WithPassword)
        {
            data.Add(dsn);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Parses(string dsn, string expected)
    {
        Assert.Equal(expected, DsnCorpus.Summarize(Sqlmint.Dsn.Parse(dsn)));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryParse_agrees_with_Parse(string dsn, string expected)
    {
        Assert.True(Sqlmint.Dsn.TryParse(dsn, out var result));
        Assert.Equal(expected, DsnCorpus.Summarize(result));
    }

    [Theory]
    [MemberData(nameof(AllValid))]
    public void ToString_parses_back_to_the_same_dsn_apart_from_redacted_values(string dsn)
    {
        var parsed = Sqlmint.Dsn.Parse(dsn);
        var text = parsed.ToString();
        var reparsed = Sqlmint.Dsn.Parse(text);

        Assert.Equal(parsed.Dbms, reparsed.Dbms);
        Assert.Equal(parsed.Driver, reparsed.Driver);
        Assert.Equal(parsed.User, reparsed.User);
        Assert.Equal(parsed.Password is null ? null : "***", reparsed.Password);
        Assert.Equal(parsed.Hosts, reparsed.Hosts);
        Assert.Equal(parsed.Database, reparsed.Database);
        Assert.Equal(parsed.IsInMemory, reparsed.IsInMemory);
        Assert.Equal(parsed.Query.Keys.Order(), reparsed.Query.Keys.Order());
        foreach (var (key, value) in parsed.Query)
        {
            Assert.Equal(key.Contains("password") ? "***" : value, reparsed.Query[key]);
        }

        Assert.Equal(text, reparsed.ToString());
    }

    [Theory]
    [MemberData(nameof(AllValid))]
    public void Equal_dsns_have_equal_hash_codes(string dsn)
    {
        var a = Sqlmint.Dsn.Parse(dsn);
        var b = Sqlmint.Dsn.Parse(dsn);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equality_ignores_spelling_that_does_not_change_meaning()
    {
        Assert.Equal(Sqlmint.Dsn.Parse("postgres://u@h/db"), Sqlmint.Dsn.Parse("postgresql+npgsql://u@h/db"));
        Assert.Equal(Sqlmint.Dsn.Parse("sqlite://"), Sqlmint.Dsn.Parse("sqlite:///:memory:"));
        Assert.Equal(
            Sqlmint.Dsn.Parse("postgresql://h/db?sslmode=require&application_name=x"),
            Sqlmint.Dsn.Parse("postgresql://h/db?application_name=x&sslmode=require"));
        Assert.Equal(Sqlmint.Dsn.Parse("postgresql://h:5432/db"), Sqlmint.Dsn.Parse("postgresql:///db?host=h&port=5432"));
    }

    [Fact]
    public void Equality_sees_every_part()
    {
        var baseline = Sqlmint.Dsn.Parse("postgresql://u:p@h:1/db?sslmode=require");
        string[] different =
        [
            "postgresql+other://u:p@h:1/db?sslmode=require",
            "postgresql://v:p@h:1/db?sslmode=require",
            "postgresql://u:q@h:1/db?sslmode=require",
            "postgresql://u:p@g:1/db?sslmode=require",
            "postgresql://u:p@h:2/db?sslmode=require",
            "postgresql://u:p@h:1,h:1/db?sslmode=require",
            "postgresql://u:p@h:1/dc?sslmode=require",
            "postgresql://u:p@h:1/db?sslmode=disable",
            "postgresql://u:p@h:1/db",
            "mysql://u:p@h:1/db?sslmode=require",
        ];
        foreach (var other in different)
        {
            Assert.NotEqual(baseline, Sqlmint.Dsn.Parse(other));
        }

        Assert.False(baseline.Equals(null));
        Assert.False(baseline.Equals("postgresql://u:p@h:1/db?sslmode=require"));
    }

    [Theory]
    [InlineData("postgresql://u:s3cr3t-P%40ss@h/db", "postgresql://u:***@h/db")]
    [InlineData("postgres://u:s3cr3t-P%40ss@h1:5432,[::1]:5433/db?sslmode=require", "postgresql://u:***@h1:5432,[::1]:5433/db?sslmode=require")]
    [InlineData("postgresql:///db?password=s3cr3t-P%40ss&user=u", "postgresql://u:***@/db")]
    [InlineData("postgresql://:s3cr3t-P%40ss@h", "postgresql://:***@h")]
    [InlineData("postgresql://h/db?sslpassword=s3cr3t-P%40ss", "postgresql://h/db?sslpassword=***")]
    [InlineData("postgresql://h/db?scram_client_key=s3cr3t-P%40ss", "postgresql://h/db?scram_client_key=***")]
    [InlineData("sqlite:///x.db?password=s3cr3t-P%40ss&mode=ro", "sqlite:///x.db?password=***&mode=ro")]
    [InlineData("mysql://h/db?api_token=s3cr3t-P%40ss", "mysql://h/db?api_token=***")]
    [InlineData("mysql+pymysql://u:s3cr3t-P%40ss@h/db", "mysql+pymysql://u:***@h/db")]
    public void ToString_redacts_the_password(string dsn, string expected)
    {
        var text = Sqlmint.Dsn.Parse(dsn).ToString();
        Assert.Equal(expected, text);
        Assert.DoesNotContain("s3cr3t", text);
    }

    [Theory]
    [InlineData("postgresql://", "postgresql://")]
    [InlineData("postgres://h/db", "postgresql://h/db")]
    [InlineData("postgresql+npgsql://h/db", "postgresql://h/db")]
    [InlineData("postgresql+asyncpg://h/db", "postgresql+asyncpg://h/db")]
    [InlineData("postgresql://%2Fvar%2Frun%2Fpostgresql/db", "postgresql://%2Fvar%2Frun%2Fpostgresql/db")]
    [InlineData("postgresql:///db?host=/tmp&port=5433", "postgresql://%2Ftmp:5433/db")]
    [InlineData("postgresql://[fe80::1%25eth0]:1/db", "postgresql://[fe80::1%25eth0]:1/db")]
    [InlineData("postgresql://h?sslmode=require", "postgresql://h/?sslmode=require")]
    [InlineData("postgresql://h/my%20db?options=-c%20a%3Db", "postgresql://h/my%20db?options=-c%20a%3Db")]
    [InlineData("sqlite://", "sqlite:///:memory:")]
    [InlineData("sqlite:///relative.db", "sqlite:///relative.db")]
    [InlineData("sqlite:////abs/path.db", "sqlite:////abs/path.db")]
    [InlineData("SQLite+Microsoft:///x.db?mode=ro", "sqlite:///x.db?mode=ro")]
    public void ToString_is_canonical(string dsn, string expected)
    {
        Assert.Equal(expected, Sqlmint.Dsn.Parse(dsn).ToString());
    }

    [Theory]
    [InlineData("h", 5432, "h:5432")]
    [InlineData("h", null, "h")]
    [InlineData("::1", 5432, "[::1]:5432")]
    [InlineData("::1", null, "[::1]")]
    [InlineData("/var/run/postgresql", 5433, "/var/run/postgresql:5433")]
    [InlineData("", 5433, ":5433")]
    public void DsnHost_ToString(string host, int? port, string expected)
    {
        Assert.Equal(expected, new DsnHost(host, port).ToString());
    }

    [Fact]
    public void Default_DsnHost_renders_as_empty()
    {
        Assert.Equal(string.Empty, default(DsnHost).ToString());
    }

    [Fact]
    public void Query_excludes_folded_keys_and_is_read_only()
    {
        var dsn = Sqlmint.Dsn.Parse("postgresql:///?host=h&port=1&dbname=d&user=u&password=p&sslmode=require");
        Assert.Equal(["sslmode"], dsn.Query.Keys);
        Assert.IsNotType<Dictionary<string, string>>(dsn.Query);
        Assert.Throws<NotSupportedException>(() => ((IList<DsnHost>)dsn.Hosts).Add(new DsnHost("x", null)));
    }
}
