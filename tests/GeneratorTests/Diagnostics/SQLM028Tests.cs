using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM028Tests
{
    [Fact]
    public void Fires_on_a_nullable_column_into_a_non_nullable_member()
    {
        var d = DiagnosticAssert.Fires("""
            public sealed record ArtistRow(long ArtistId, string Name);

            public static partial class Q
            {
                [Query("select artist_id, name from artist")]
                public static partial List<ArtistRow> Artists(DbConnection db);
            }
            """, "SQLM028", "name", DiagnosticSeverity.Warning, schema: DiagnosticAssert.Schema);
        Assert.Contains("'Name'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_on_a_nullable_member_or_a_not_null_column()
    {
        DiagnosticAssert.DoesNotFire("""
            public sealed record ArtistRow(long ArtistId, string? Name);
            public sealed record AlbumRow(long AlbumId, string Title);

            public static partial class Q
            {
                [Query("select artist_id, name from artist")]
                public static partial List<ArtistRow> Artists(DbConnection db);

                [Query("select album_id, title from album")]
                public static partial List<AlbumRow> Albums(DbConnection db);

                [Query("select coalesce(name, '') as name, artist_id from artist")]
                public static partial List<ArtistRow> Coalesced(DbConnection db);
            }
            """, "SQLM028", schema: DiagnosticAssert.Schema);
    }
}
