using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM012Tests
{
    [Fact]
    public void Fires_on_an_unterminated_string_literal()
    {
        var d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where Title = 'oops")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM012", "'");
        Assert.Contains("Q.Count", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_on_a_terminated_literal_with_escapes()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album where Title = 'O''Reilly'")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM012");
    }
}
