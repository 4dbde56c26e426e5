using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM015Tests
{
    [Fact]
    public void Fires_when_two_selects_feed_a_single_result()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album; select AlbumId, Title, ArtistId from Album")]
                public static partial List<Album> Albums(DbConnection db);
            }
            """, "SQLM015");
    }

    [Fact]
    public void Does_not_fire_for_a_write_then_a_select_or_a_matching_tuple()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("insert into Album (AlbumId, Title, ArtistId) values (@id, 'x', 1); select AlbumId, Title, ArtistId from Album where AlbumId = @id")]
                public static partial Album Insert(DbConnection db, long id);

                [Query("select AlbumId, Title, ArtistId from Album; select count(*) from Album")]
                public static partial (List<Album>, long) Page(DbConnection db);
            }
            """, "SQLM015");
    }
}
