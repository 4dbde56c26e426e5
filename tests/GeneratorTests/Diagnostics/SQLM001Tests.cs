using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM001Tests
{
    [Fact]
    public void Fires_on_a_sql_parameter_with_no_method_parameter()
    {
        Diagnostic d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @artist")]
                public static partial List<Album> ByArtist(DbConnection db, long artistId);
            }
            """, "SQLM001", "@artist", DiagnosticSeverity.Error);
        Assert.Contains("'@artist'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Q.ByArtist", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Points_at_the_whole_literal_when_it_has_escapes()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where Title = '\u0041' and ArtistId = @missing")]
                public static partial List<Album> ByArtist(DbConnection db);
            }
            """, "SQLM001", "\"select AlbumId, Title, ArtistId from Album where Title = '\\u0041' and ArtistId = @missing\"");
    }

    [Fact]
    public void Does_not_fire_when_every_parameter_binds_case_insensitively()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album where ArtistId = @ArtistId and Title <> '@notAParameter' -- @norThis")]
                public static partial List<Album> ByArtist(DbConnection db, long artistId);
            }
            """, "SQLM001");
    }
}
