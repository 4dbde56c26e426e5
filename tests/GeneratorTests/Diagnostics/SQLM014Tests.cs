using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM014Tests
{
    [Fact]
    public void Fires_on_in_with_a_single_value()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where AlbumId in @id")]
                public static partial List<Album> Albums(DbConnection db, long id);
            }
            """, "SQLM014", "@id");
    }

    [Fact]
    public void Does_not_fire_on_a_parenthesized_single_value_or_a_collection()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where AlbumId in (@id) or ArtistId in @artists")]
                public static partial List<Album> Albums(DbConnection db, long id, List<long> artists);
            }
            """, "SQLM014");
    }
}
