using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM024Tests
{
    [Fact]
    public void Fires_on_cardinality_with_a_list()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album", Cardinality = Cardinality.First)]
                public static partial List<Album> All(DbConnection db);
            }
            """, "SQLM024", "All");
    }

    [Fact]
    public void Does_not_fire_on_a_single_row()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album order by AlbumId", Cardinality = Cardinality.First)]
                public static partial Album? First(DbConnection db);
            }
            """, "SQLM024");
    }
}
