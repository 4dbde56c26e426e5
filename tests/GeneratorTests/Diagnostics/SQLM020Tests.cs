using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM020Tests
{
    [Fact]
    public void Fires_on_a_column_no_member_takes()
    {
        var d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId, Extra from Album")]
                public static partial List<Album> All(DbConnection db);
            }
            """, "SQLM020", "Extra", DiagnosticSeverity.Warning);
        Assert.Contains("App.Album", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_when_aliases_and_snake_case_match()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select album_id, t.title as Title, x.artist_id from Album t join X x on 1 = 1")]
                public static partial List<Album> All(DbConnection db);
            }
            """, "SQLM020");
    }
}
