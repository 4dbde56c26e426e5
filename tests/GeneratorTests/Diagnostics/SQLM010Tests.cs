using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM010Tests
{
    [Fact]
    public void Fires_on_a_generic_method()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static partial long Count<T>(DbConnection db);
            }
            """, "SQLM010", "Count");
    }

    [Fact]
    public void Fires_on_an_out_parameter()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @id")]
                public static partial long Count(DbConnection db, out long id);
            }
            """, "SQLM010", "id");
    }

    [Fact]
    public void Does_not_fire_on_a_plain_method()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @id")]
                public static partial long Count(DbConnection db, long id);
            }
            """, "SQLM010");
    }
}
