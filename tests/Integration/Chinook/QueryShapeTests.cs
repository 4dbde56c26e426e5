using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.Chinook;

public sealed class QueryShapeTestsOnSqlite() : QueryShapeTests(Dbms.Sqlite);

public sealed class QueryShapeTestsOnPostgres() : QueryShapeTests(Dbms.Postgres);

/// <summary>Every return shape of the generated methods, against the Chinook database.</summary>
public abstract class QueryShapeTests(Dbms dbms) : ChinookTest(dbms)
{
    [Fact]
    public void List_returns_every_row_in_order()
    {
        List<Album> albums = Connection.AlbumsByArtist(artistId: 1);

        Assert.Equal(
            new[] { new Album(1, "For Those About To Rock We Salute You", 1), new Album(4, "Let There Be Rock", 1) },
            albums);
    }

    [Fact]
    public void Read_only_list_matches_hand_written_ado_net()
    {
        // The connection source here is the driver's own connection type.
        IReadOnlyList<Album> generated = Connection switch
        {
            SqliteConnection sqlite => sqlite.AllAlbums(),
            NpgsqlConnection npgsql => npgsql.AllAlbums(),
            _ => throw new NotSupportedException(Connection.GetType().Name),
        };

        var expected = new List<Album>();
        using (DbCommand command = Connection.CreateCommand())
        {
            command.CommandText = "select album_id, title, artist_id from album order by album_id";
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                expected.Add(new Album(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        Assert.Equal(347, generated.Count);
        Assert.Equal(expected, generated);
    }

    [Fact]
    public void Array_binds_a_string_parameter()
    {
        Album[] albums = Connection.AlbumsLike("%Rock%");

        Assert.NotEmpty(albums);
        Assert.All(albums, a => Assert.Contains("rock", a.Title, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(albums.OrderBy(a => a.AlbumId), albums);
        // Case-insensitive on both engines: "Let There Be Rock" and "Rock In Rio [CD1]" match a lower-case pattern too.
        Assert.Equal(albums, Connection.AlbumsLike("%rock%"));
        Assert.Contains(albums, a => a.Title == "Let There Be Rock");
    }

    [Fact]
    public void Empty_result_gives_an_empty_list()
    {
        Assert.Empty(Connection.AlbumsByArtist(artistId: -1));
        Assert.Empty(Connection.AlbumsLike("no album is called this"));
    }

    [Fact]
    public void Single_returns_the_one_row()
    {
        Assert.Equal(new Album(4, "Let There Be Rock", 1), Connection.AlbumById(4));
    }

    [Fact]
    public void Single_with_no_rows_names_the_method_and_the_count()
    {
        var error = Assert.Throws<UnexpectedRowCountException>(() => Connection.AlbumById(-5));

        Assert.Equal("ChinookSql.AlbumById", error.Method);
        Assert.Contains("ChinookSql.AlbumById", error.Message, StringComparison.Ordinal);
        Assert.Contains("exactly one row", error.Message, StringComparison.Ordinal);
        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_with_two_rows_names_the_method_and_the_count()
    {
        var error = Assert.Throws<UnexpectedRowCountException>(() => Connection.OnlyAlbumOfArtist(1));

        Assert.Contains("ChinookSql.OnlyAlbumOfArtist", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_or_none_gives_null_for_no_rows_and_the_row_for_one()
    {
        Assert.Null(Connection.FindAlbum(-5));
        Assert.Equal("Let There Be Rock", Connection.FindAlbum(4)?.Title);
    }

    [Fact]
    public void Single_or_none_with_two_rows_throws()
    {
        var error = Assert.Throws<UnexpectedRowCountException>(() => Connection.FindOnlyAlbumOfArtist(1));

        Assert.Contains("at most one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scalars_read_column_zero_of_row_zero()
    {
        Assert.Equal(10, Connection.CountTracks(albumId: 1));
        Assert.Equal(3503, Enumerable.Range(1, 347).Sum(id => Connection.CountTracks(id)));
        Assert.Equal("AC/DC", Connection.ArtistName(1));
        Assert.Equal(0.99m, Connection.Price(1));
        Assert.Equal(MediaKind.MpegAudio, Connection.Kind(1));
        Assert.Equal(MediaKind.ProtectedAac, Connection.Kind(2));
    }

    [Fact]
    public void Nullable_scalar_is_null_for_no_row_and_for_null()
    {
        Assert.Null(Connection.ArtistName(-1));   // no row
        Assert.Null(Connection.LongestTrack(-1)); // one row, NULL
        using var command = Connection.CreateCommand();
        command.CommandText = "select max(milliseconds) from track where album_id = 1";
        Assert.Equal(Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), Connection.LongestTrack(1));
    }

    [Fact]
    public void Non_nullable_scalar_that_is_null_names_the_method()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.LongestTrackOrThrow(-1));

        Assert.Contains("ChinookSql.LongestTrackOrThrow", error.Message, StringComparison.Ordinal);
        Assert.Contains("NULL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_of_scalars()
    {
        List<string> names = Connection.TrackNames(albumId: 4);

        Assert.Equal(8, names.Count);
        Assert.Equal("Go Down", names[0]);
    }

    [Fact]
    public void A_closed_connection_is_opened_and_closed_again()
    {
        using DbConnection closed = Database.NewConnection();
        Assert.Equal(ConnectionState.Closed, closed.State);

        Assert.Equal(2, closed.AlbumsByArtist(1).Count);
        Assert.Equal(ConnectionState.Closed, closed.State);

        Assert.Throws<UnexpectedRowCountException>(() => closed.AlbumById(-1));
        Assert.Equal(ConnectionState.Closed, closed.State);
    }

    [Fact]
    public void An_open_connection_stays_open()
    {
        Assert.Equal(2, Connection.AlbumsByArtist(1).Count);
        Assert.Equal(ConnectionState.Open, Connection.State);
    }
}
