using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM025Tests
{
    [Fact]
    public void Fires_on_a_table_the_schema_does_not_have()
    {
        var d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from albums")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM025", "albums", schema: DiagnosticAssert.Schema);
        Assert.Contains("Q.Count", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_on_known_tables_or_without_a_schema()
    {
        const string body = """
            public static partial class Q
            {
                [Query("select count(*) from album a join artist ar on ar.artist_id = a.artist_id")]
                public static partial long Count(DbConnection db);
            }
            """;
        DiagnosticAssert.DoesNotFire(body, "SQLM025", schema: DiagnosticAssert.Schema);
        DiagnosticAssert.DoesNotFire(body.Replace("from album", "from no_such_table", StringComparison.Ordinal), "SQLM025");
    }
}
