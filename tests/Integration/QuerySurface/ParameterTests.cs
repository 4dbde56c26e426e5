using System.Data.Common;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class ParameterTestsOnSqlite() : ParameterTests(Dbms.Sqlite);

public sealed class ParameterTestsOnPostgres() : ParameterTests(Dbms.Postgres);

/// <summary>Object parameters and <c>in @list</c> expansion.</summary>
public abstract class ParameterTests(Dbms dbms) : SurfaceTest(dbms)
{
    [Fact]
    public async Task Record_class_and_struct_parameters_bind_their_members()
    {
        // Led Zeppelin (22): "Physical Graffiti" comes twice (44, 135).
        List<SAlbum> graffiti = Connection.AlbumsMatching(new AlbumFilter(22, "Physical%"));
        Assert.Equal([44L, 135L], graffiti.Select(a => a.AlbumId));

        await using Session db = Connect();
        Assert.Equal(graffiti, await db.AlbumsMatchingAsync(new AlbumFilter(22, "Physical%")));

        List<SAlbum> range = Connection.AlbumsInRange(new AlbumRange { From = 10, To = 12 });
        Assert.Equal([10L, 11L, 12L], range.Select(a => a.AlbumId));

        List<SAlbum> from = Connection.AlbumsFrom(new AlbumKey { ArtistId = 22, MinAlbumId = 137 });
        Assert.Equal([137L, 138L], from.Select(a => a.AlbumId));
        Assert.Empty(Connection.AlbumsFrom(default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(500)]
    public void In_list_expands_one_parameter_per_element(int count)
    {
        long[] ids = Enumerable.Range(1, count).Select(i => (long)i).ToArray();

        List<SAlbum> albums = Connection.AlbumsIn(ids);

        // There are 347 albums: the 500-element list matches all of them, and an empty list matches nothing.
        // (NOT IN an empty list is in KnownBugsTests.)
        Assert.Equal(ids.Where(id => id <= 347), albums.Select(a => a.AlbumId));
        if (count > 0)
            Assert.Equal(347 - ids.Count(id => id <= 347), Connection.CountAlbumsNotIn(ids));
    }

    [Fact]
    public void In_list_from_a_lazy_sequence_and_in_parentheses()
    {
        Assert.Equal([4L], Connection.AlbumsIn(Enumerable.Range(0, 5).Where(i => i == 4).Select(i => (long)i)).Select(a => a.AlbumId));
    }

    [Fact]
    public async Task In_list_in_parentheses_with_another_parameter()
    {
        await using Session db = Connect();
        Assert.Equal([1L, 4L], (await db.AlbumsInOfArtistAsync([1, 2, 3, 4], artistId: 1)).Select(a => a.AlbumId));
        Assert.Empty(await db.AlbumsInOfArtistAsync([], artistId: 1));
    }

    [Fact]
    public void No_list_element_is_inlined_into_the_sql()
    {
        Assert.Equal(["AC/DC", "Accept"], Connection.ArtistsNamed(["AC/DC", "Accept"]).Select(a => a.Name));

        // Were the element inlined, this would close the literal and match every artist (or break the SQL).
        Assert.Empty(Connection.ArtistsNamed(["x') or 1=1 --"]));
        Assert.Empty(Connection.ArtistsNamed(["x' or '1'='1", "x\"); drop table artist; --"]));
        Assert.Equal(["AC/DC"], Connection.ArtistsNamed(["x') or 1=1 --", "AC/DC"]).Select(a => a.Name));
        Assert.Equal(275, Count("select count(*) from artist"));
    }
}

/// <summary>PostgreSQL only: <c>= any(@ids)</c> binds one array parameter.</summary>
public sealed class PostgresArrayParameterTests() : SurfaceTest(Dbms.Postgres)
{
    [Fact]
    public async Task Any_binds_an_array()
    {
        var npgsql = (NpgsqlConnection)Connection;

        Assert.Equal([1L, 4L, 347L], npgsql.AlbumsAny([347, 4, 1, 9999]).Select(a => a.AlbumId));
        Assert.Empty(npgsql.AlbumsAny([]));
        Assert.Empty(npgsql.AlbumsAny(Enumerable.Empty<long>()));

        await using Session db = Connect();
        Assert.Equal([2L], (await db.AlbumsAnyAsync([2])).Select(a => a.AlbumId));
        Assert.Empty(await db.AlbumsAnyAsync([]));

        Assert.Equal(["AC/DC"], Connection.ArtistsAny(["AC/DC", "x') or 1=1 --"]).Select(a => a.Name));
        Assert.Empty(Connection.ArtistsAny([]));
    }

    [Fact]
    public void Any_with_5000_ids_is_still_one_parameter()
    {
        long[] ids = Enumerable.Range(1, 5000).Select(i => (long)i).ToArray();
        Assert.Equal(347, ((NpgsqlConnection)Connection).AlbumsAny(ids).Count);
    }
}
