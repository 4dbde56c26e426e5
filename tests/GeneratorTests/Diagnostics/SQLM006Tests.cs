using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM006Tests
{
    [Fact]
    public void Fires_when_no_parameter_is_a_connection()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @artistId")]
                public static partial long Count(long artistId);
            }
            """, "SQLM006", "Count");
    }

    [Fact]
    public void Does_not_fire_with_a_connection_subclass()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @artistId")]
                public static partial long Count(this SqliteConnection db, long artistId);
            }
            """, "SQLM006");
    }
}
