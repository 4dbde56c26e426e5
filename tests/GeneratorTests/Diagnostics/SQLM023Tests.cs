using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM023Tests
{
    [Fact]
    public void Fires_on_parameters_that_differ_only_in_case()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where AlbumId = @id")]
                public static partial long Count(DbConnection db, long id, long Id);
            }
            """, "SQLM023", "Id");
    }

    [Fact]
    public void Does_not_fire_on_distinct_names()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album where AlbumId = @id and ArtistId = @artistId")]
                public static partial long Count(DbConnection db, long id, long artistId);
            }
            """, "SQLM023");
    }
}
