using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM004Tests
{
    [Fact]
    public void Fires_when_an_enclosing_type_is_not_partial()
    {
        DiagnosticAssert.Fires("""
            public static class Outer
            {
                public static partial class Q
                {
                    [Query("select count(*) from Album")]
                    public static partial long Count(DbConnection db);
                }
            }
            """, "SQLM004", "Outer");
    }

    [Fact]
    public void Does_not_fire_when_every_enclosing_type_is_partial()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Outer
            {
                public static partial class Q
                {
                    [Query("select count(*) from Album")]
                    public static partial long Count(DbConnection db);
                }
            }
            """, "SQLM004");
    }
}
