using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM008Tests
{
    [Fact]
    public void Fires_on_a_parameter_type_no_driver_can_take()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @artist")]
                public static partial long Count(DbConnection db, object artist);
            }
            """, "SQLM008", "artist");
    }

    [Fact]
    public void Fires_on_a_list_of_rows_in_a_query()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album where AlbumId in @albums")]
                public static partial long Count(DbConnection db, List<Album> albums);
            }
            """, "SQLM008", "albums");
    }

    [Fact]
    public void Does_not_fire_on_scalar_nullable_and_enum_parameters()
    {
        DiagnosticAssert.DoesNotFire("""
            public enum Kind { A, B }

            public static partial class Q
            {
                [Query("select count(*) from Album where ArtistId = @a and Title = @b and @c is null and @d = 1 and @e = @e")]
                public static partial long Count(DbConnection db, long a, string? b, Guid? c, Kind d, DateTime e);
            }
            """, "SQLM008");
    }
}
