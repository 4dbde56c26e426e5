using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM026Tests
{
    [Theory]
    [InlineData("select album_id, titel, artist_id from album", "titel")]
    [InlineData("select album_id, title, artist_id from album where artst_id = 1", "artst_id")]
    [InlineData("select a.album_id, a.title, a.artist_id from album a where a.nam = 'x'", "nam")]
    public void Fires_on_a_column_the_table_does_not_have(string sql, string column)
    {
        DiagnosticAssert.Fires($$"""
            public sealed record Row(long AlbumId, string Title, long ArtistId);

            public static partial class Q
            {
                [Query("{{sql}}")]
                public static partial List<Row> Rows(DbConnection db);
            }
            """, "SQLM026", column, schema: DiagnosticAssert.Schema);
    }

    [Fact]
    public void Fires_on_an_insert_column_and_an_update_target()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Execute("insert into album (album_id, titel, artist_id) values (@id, 'x', 1)")]
                public static partial int Insert(DbConnection db, long id);
            }
            """, "SQLM026", "titel", schema: DiagnosticAssert.Schema);
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Execute("update album set titel = 'x' where album_id = @id")]
                public static partial int Rename(DbConnection db, long id);
            }
            """, "SQLM026", "titel", schema: DiagnosticAssert.Schema);
    }

    [Fact]
    public void Does_not_fire_on_valid_columns_aliases_and_functions()
    {
        DiagnosticAssert.DoesNotFire("""
            public sealed record Row(long AlbumId, string Title, long ArtistId);

            public static partial class Q
            {
                [Query("select a.album_id, upper(a.title) as title, a.artist_id from album a join artist ar on ar.artist_id = a.artist_id where ar.name is not null order by title")]
                public static partial List<Row> Rows(DbConnection db);
            }
            """, "SQLM026", schema: DiagnosticAssert.Schema);
    }
}
