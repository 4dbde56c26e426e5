using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class CardinalityAndResultSetTestsOnSqlite() : CardinalityAndResultSetTests(Dbms.Sqlite);

public sealed class CardinalityAndResultSetTestsOnPostgres() : CardinalityAndResultSetTests(Dbms.Postgres);

/// <summary>First / first-or-none / single / single-or-none, and tuples of result sets.</summary>
public abstract class CardinalityAndResultSetTests(Dbms dbms) : SurfaceTest(dbms)
{
    [Fact]
    public async Task First_takes_the_first_of_many_rows()
    {
        // Artist 1 has albums 1 and 4; artist 22 (Led Zeppelin) has 14, the lowest id being 30.
        Assert.Equal(1, Connection.FirstAlbumOf(1).AlbumId);
        Assert.Equal(1, Connection.FirstAlbumOfOrNone(1)?.AlbumId);
        Assert.Equal(30, Connection.FirstAlbumOf(22).AlbumId);
        Assert.Equal(1, (await Connection.FirstAlbumOfAsync(1)).AlbumId);
        Assert.Equal(30, (await Connection.FirstAlbumOfOrNoneAsync(22))?.AlbumId);
    }

    [Fact]
    public async Task First_on_a_row_type_with_no_rows_names_the_method_and_no_rows()
    {
        var error = Assert.Throws<UnexpectedRowCountException>(() => Connection.FirstAlbumOf(-1));

        Assert.Equal("SurfaceSql.FirstAlbumOf", error.Method);
        Assert.Equal("no rows", error.Found);
        Assert.Contains("SurfaceSql.FirstAlbumOf", error.Message, StringComparison.Ordinal);
        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least one row", error.Message, StringComparison.Ordinal);

        var asyncError = await Assert.ThrowsAsync<UnexpectedRowCountException>(() => Connection.FirstAlbumOfAsync(-1));
        Assert.Equal("SurfaceSql.FirstAlbumOfAsync", asyncError.Method);
        Assert.Equal("no rows", asyncError.Found);
    }

    [Fact]
    public async Task First_on_a_nullable_row_type_gives_null_for_no_rows()
    {
        Assert.Null(Connection.FirstAlbumOfOrNone(-1));
        Assert.Null(await Connection.FirstAlbumOfOrNoneAsync(-1));
    }

    [Fact]
    public async Task Single_and_single_or_none_name_the_method_and_what_was_found()
    {
        var none = Assert.Throws<UnexpectedRowCountException>(() => Connection.SingleAlbumOf(-1));
        Assert.Equal("SurfaceSql.SingleAlbumOf expected exactly one row, but the query returned no rows.", none.Message);

        var many = Assert.Throws<UnexpectedRowCountException>(() => Connection.SingleAlbumOf(1));
        Assert.Equal("SurfaceSql.SingleAlbumOf expected exactly one row, but the query returned more than one row.", many.Message);

        var manyOrNone = Assert.Throws<UnexpectedRowCountException>(() => Connection.SingleAlbumOfOrNone(1));
        Assert.Equal("SurfaceSql.SingleAlbumOfOrNone expected at most one row, but the query returned more than one row.", manyOrNone.Message);

        var manyAsync = await Assert.ThrowsAsync<UnexpectedRowCountException>(() => Connection.SingleAlbumOfOrNoneAsync(1));
        Assert.Equal("SurfaceSql.SingleAlbumOfOrNoneAsync", manyAsync.Method);
        Assert.Equal("more than one row", manyAsync.Found);

        Assert.Null(Connection.SingleAlbumOfOrNone(-1));
        // Artist 3 (Aerosmith) has exactly one album.
        Assert.Equal(5, Connection.SingleAlbumOf(3).AlbumId);
        Assert.Equal(5, (await Connection.SingleAlbumOfOrNoneAsync(3))?.AlbumId);
    }

    [Fact]
    public void A_tuple_reads_the_result_sets_in_order()
    {
        (List<SAlbum> albums, SArtist? artist, long tracks) = Connection.ArtistPage(1);

        Assert.Equal([1L, 4L], albums.Select(a => a.AlbumId));
        Assert.Equal(new SArtist(1, "AC/DC"), artist);
        Assert.Equal(18, tracks);

        (albums, artist, tracks) = Connection.ArtistPage(-1);
        Assert.Empty(albums);
        Assert.Null(artist);
        Assert.Equal(0, tracks);
    }

    [Fact]
    public async Task A_tuple_reads_the_result_sets_in_order_async()
    {
        var page = await Connection.ArtistPageAsync(22);
        Assert.Equal(14, page.Albums.Count);
        Assert.Equal("Led Zeppelin", page.Artist?.Name);
        Assert.Equal(Connection.ArtistPage(22).Item3, page.Tracks);

        await using Session db = Connect();
        var valuePage = await db.ArtistPageValueAsync(1);
        Assert.Equal(2, valuePage.Albums.Count);
        Assert.Equal("AC/DC", valuePage.Artist.Name);
        Assert.Equal(18, valuePage.Tracks);

        var missingArtist = await Assert.ThrowsAsync<UnexpectedRowCountException>(async () => await db.ArtistPageValueAsync(-1));
        Assert.Equal("SurfaceSql.ArtistPageValueAsync", missingArtist.Method);
        Assert.Equal("no rows", missingArtist.Found);
    }

    [Fact]
    public async Task A_tuple_with_more_elements_than_result_sets_names_the_method_and_the_counts()
    {
        var error = Assert.Throws<SqlmintException>(() => Connection.TooFewResultSets(1));
        Assert.Equal("ResultSetSql.TooFewResultSets expected 3 result sets, but the command produced only 2; each tuple element reads the next result set.", error.Message);

        var asyncError = await Assert.ThrowsAsync<SqlmintException>(() => Connection.TooFewResultSetsAsync(1));
        Assert.Contains("ResultSetSql.TooFewResultSetsAsync expected 3 result sets, but the command produced only 2", asyncError.Message, StringComparison.Ordinal);
    }
}

public static partial class ResultSetSql
{
    // Three statements, but the last (ANALYZE, on both databases) produces no result set. The scanner cannot tell
    // whether ANALYZE returns rows, so it does not report SQLM015, and the count is checked at run time.
    [Query("select album_id, title, artist_id from album where artist_id = @artistId; select artist_id, name from artist where artist_id = @artistId; analyze album")]
    public static partial (List<SAlbum>, SArtist?, long) TooFewResultSets(this DbConnection db, long artistId);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId; select artist_id, name from artist where artist_id = @artistId; analyze album")]
    public static partial Task<(List<SAlbum>, SArtist?, long)> TooFewResultSetsAsync(this DbConnection db, long artistId, CancellationToken ct = default);
}
