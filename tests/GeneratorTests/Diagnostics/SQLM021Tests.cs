using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM021Tests
{
    [Fact]
    public void Fires_when_a_constructor_parameter_has_no_column()
    {
        var d = DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, ArtistId from Album")]
                public static partial List<Album> All(DbConnection db);
            }
            """, "SQLM021");
        Assert.Contains("'Title'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fires_when_a_tuple_has_more_elements_than_columns()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title from Album")]
                public static partial List<(long, string, long)> All(DbConnection db);
            }
            """, "SQLM021");
    }

    [Fact]
    public void Does_not_fire_when_every_required_member_has_a_column_or_columns_are_unknown()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select AlbumId, Title, ArtistId from Album")]
                public static partial List<Album> All(DbConnection db);

                [Query("select AlbumId, upper(Title), ArtistId from Album")]
                public static partial List<Album> Unknown(DbConnection db);
            }
            """, "SQLM021");
    }
}
