using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM003Tests
{
    [Fact]
    public void Fires_on_a_method_that_is_not_partial()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static long Count(DbConnection db) => 0;
            }
            """, "SQLM003", "Count");
    }

    [Fact]
    public void Fires_on_a_partial_method_that_already_has_a_body()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static partial long Count(DbConnection db);
                public static partial long Count(DbConnection db) => 0;
            }
            """, "SQLM003", "Count");
    }

    [Fact]
    public void Does_not_fire_on_a_partial_declaration()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM003");
    }
}
