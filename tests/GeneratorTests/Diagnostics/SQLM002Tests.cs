using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM002Tests
{
    [Fact]
    public void Fires_on_a_method_parameter_the_sql_never_uses()
    {
        Diagnostic d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId")]
                public static partial List<Album> ByArtist(DbConnection db, long artistId, string title);
            }
            """, "SQLM002", "title", DiagnosticSeverity.Warning);
        Assert.Contains("'title'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_for_the_connection_or_a_cancellation_token()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artistId and Title = @title")]
                public static partial List<Album> ByArtist(DbConnection db, long artistId, string title, CancellationToken ct = default);
            }
            """, "SQLM002");
    }
}
