using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM019Tests
{
    [Fact]
    public void Fires_as_info_on_select_star()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select * from Album")]
                public static partial List<Album> All(DbConnection db);
            }
            """, "SQLM019", "select * from Album", DiagnosticSeverity.Info);
    }

    [Fact]
    public void Does_not_fire_on_a_column_list_or_count_star()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album")]
                public static partial List<Album> All(DbConnection db);

                [Query("select count(*) from Album")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM019");
    }
}
