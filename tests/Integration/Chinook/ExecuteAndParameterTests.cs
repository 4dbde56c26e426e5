using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.Chinook;

public sealed class ExecuteAndParameterTestsOnSqlite() : ExecuteAndParameterTests(Dbms.Sqlite);

public sealed class ExecuteAndParameterTestsOnPostgres() : ExecuteAndParameterTests(Dbms.Postgres);

/// <summary>[Execute] methods, and parameter values of every common type, with nulls sent as DBNull.</summary>
public abstract class ExecuteAndParameterTests(Dbms dbms) : ChinookTest(dbms)
{
    [Fact]
    public void Execute_returns_rows_affected_and_writes()
    {
        Assert.Equal(1, Connection.SetComposer(trackId: 1, composer: "Someone Else"));
        Assert.Equal("Someone Else", Connection.TracksOfAlbum(1)[0].Composer);

        Assert.Equal(10, Connection.RaisePrices(albumId: 1, delta: 1m));
        Assert.Equal(1.99m, Connection.Price(1));

        Assert.Equal(0, Connection.SetComposer(trackId: -1, composer: "nobody"));
    }

    [Fact]
    public void A_null_parameter_is_sent_as_db_null()
    {
        long before = Connection.CountByComposer(null);
        Assert.True(before > 0);

        Assert.Equal(1, Connection.SetComposer(trackId: 1, composer: null));

        Assert.Null(Connection.TracksOfAlbum(1)[0].Composer);
        Assert.Equal(before + 1, Connection.CountByComposer(null));
    }

    [Fact]
    public void An_enum_parameter_is_sent_as_its_number()
    {
        long mpeg = Connection.CountByKind(MediaKind.MpegAudio);
        long aac = Connection.CountByKind(MediaKind.ProtectedAac);

        Assert.True(mpeg > 0);
        Assert.True(aac > 0);
        Assert.Equal(3503, Enum.GetValues<MediaKind>().Sum(k => Connection.CountByKind(k)));
    }

    [Fact]
    public void Common_types_round_trip_through_a_void_execute_and_a_query()
    {
        Connection.CreateNoteTable();
        var id = Guid.NewGuid();
        var created = new DateTime(2024, 2, 29, 13, 45, 10, DateTimeKind.Unspecified);

        Assert.Equal(1, Connection.InsertNote(id, created, done: true, MediaKind.Aac, "hello", new byte[] { 1, 2, 3 }, rating: 5));
        Assert.Equal(1, Connection.InsertNote(Guid.Empty, created, done: false, MediaKind.MpegAudio, text: null, payload: null, rating: null));

        Note? note = Connection.FindNote(id);
        Assert.NotNull(note);
        Assert.Equal(id, note.Id);
        Assert.Equal(created, note.Created);
        Assert.True(note.Done);
        Assert.Equal(MediaKind.Aac, note.Kind);
        Assert.Equal("hello", note.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, note.Payload);
        Assert.Equal(5, note.Rating);

        Note? empty = Connection.FindNote(Guid.Empty);
        Assert.NotNull(empty);
        Assert.False(empty.Done);
        Assert.Null(empty.Text);
        Assert.Null(empty.Payload);
        Assert.Null(empty.Rating);

        Assert.Null(Connection.FindNote(Guid.NewGuid()));
    }

    [Fact]
    public void Round_tripped_values_are_stored_as_the_databases_own_types()
    {
        Connection.CreateNoteTable();
        Connection.InsertNote(Guid.NewGuid(), DateTime.Now, done: true, MediaKind.Aac, "hello", new byte[] { 1 }, rating: 1);

        // One shared DDL, but each database stores the values its own way: PostgreSQL in the declared types (checked
        // strictly), SQLite as its driver sends them (a Guid as text, a bool as 0/1, a DateTime as ISO text).
        (string sql, string expected) = Dbms switch
        {
            Dbms.Postgres => (
                "select concat_ws(',', pg_typeof(id), pg_typeof(created), pg_typeof(done), pg_typeof(kind), pg_typeof(text), pg_typeof(payload), pg_typeof(rating)) from note",
                "uuid,timestamp without time zone,boolean,integer,text,bytea,integer"),
            _ => (
                "select typeof(id) || ',' || typeof(created) || ',' || typeof(done) || ',' || typeof(kind) || ',' || typeof(text) || ',' || typeof(payload) || ',' || typeof(rating) from note",
                "text,text,integer,integer,text,blob,integer"),
        };
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(expected, command.ExecuteScalar());
    }
}
