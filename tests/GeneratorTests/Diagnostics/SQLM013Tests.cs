using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM013Tests
{
    [Fact]
    public void Fires_on_a_collection_compared_with_equals()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where AlbumId = @ids")]
                public static partial List<Album> Albums(DbConnection db, long[] ids);
            }
            """, "SQLM013", "@ids");
    }

    [Fact]
    public void Does_not_fire_after_in_or_inside_any()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where AlbumId in @ids or ArtistId = any(@artists)")]
                public static partial List<Album> Albums(DbConnection db, IEnumerable<long> ids, long[] artists);
            }
            """, "SQLM013");
    }
}
