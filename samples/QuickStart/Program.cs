// Sqlmint QuickStart: SQL on partial methods, ADO.NET code generated at build time, run against SQLite.
// Run it with: dotnet run --project samples/QuickStart
using Microsoft.Data.Sqlite;
using Sqlmint;

string path = Path.Combine(Path.GetTempPath(), "sqlmint-quickstart.db");
File.Delete(path);

// Db.Connect: Sqlmint manages a pooled connection for the DSN; disposing the session gives it back.
await using (Session db = Db.Connect($"sqlite:///{path}"))
{
    db.Execute(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema.sql")));

    // A transaction commits only on Commit(); disposing it without one rolls it back.
    using (SessionTransaction tx = db.Begin())
    {
        db.AddArtist(1, "AC/DC");
        db.AddArtist(2, "Accept");
        db.AddAlbum(1, "For Those About To Rock We Salute You", 1);
        db.AddAlbum(2, "Balls to the Wall", 2);
        db.AddAlbum(3, "Let There Be Rock", 1);

        // A savepoint rolls back alone: the outer transaction keeps its work.
        using (SessionTransaction savepoint = db.BeginNested())
        {
            db.AddAlbum(4, "Never Released", 2);
            savepoint.Rollback();
        }

        tx.Commit();
    }

    Console.WriteLine($"Albums: {db.CountAlbums()}");
    foreach (Album album in db.AlbumsByArtist(artistId: 1))
    {
        Console.WriteLine($"  #{album.AlbumId} {album.Title}");
    }

    // Async with cancellation, streaming, several result sets in one command, and an `in` list.
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    Console.WriteLine($"Albums (async): {await db.CountAlbumsAsync(timeout.Token)}");
    await foreach (Album album in db.StreamAlbums(timeout.Token))
    {
        Console.WriteLine($"  streamed #{album.AlbumId}");
    }

    (Artist artist, List<Album> albums) = db.ArtistPage(artistId: 1);
    Console.WriteLine($"{artist.Name} has {albums.Count} albums");
    Console.WriteLine($"Albums 1 and 3: {string.Join(", ", db.AlbumsByIds(new long[] { 1, 3 }).Select(a => a.Title))}");

    Album? missing = db.FindAlbum(albumId: 4);
    Console.WriteLine($"Album 4 after the rolled-back savepoint: {(missing is null ? "none" : missing.Title)}");
    Console.WriteLine($"Renamed rows: {db.RenameAlbum(albumId: 2, title: "Balls to the Wall (Remastered)")}");
}

// Db.Using: bring your own connection (from another framework, say). The session does not own it.
using var connection = new SqliteConnection($"Data Source={path}");
using (Session borrowed = Db.Using(connection))
{
    Console.WriteLine($"Artist of album 2: {borrowed.ArtistOfAlbum(albumId: 2)}");
}

Console.WriteLine($"Connection after Using: {connection.State}");

public sealed record Album(long AlbumId, string Title, long ArtistId);

public sealed record Artist(long ArtistId, string Name);

public static partial class MusicSql
{
    [Execute("insert into artist (artist_id, name) values (@artistId, @name)")]
    public static partial int AddArtist(this Session db, long artistId, string name);

    [Execute("insert into album (album_id, title, artist_id) values (@albumId, @title, @artistId)")]
    public static partial int AddAlbum(this Session db, long albumId, string title, long artistId);

    [Query("select count(*) from album")]
    public static partial long CountAlbums(this Session db);

    [Query("select album_id, title, artist_id from album where artist_id = @artistId order by title")]
    public static partial List<Album> AlbumsByArtist(this Session db, long artistId);

    [Query("select album_id, title, artist_id from album where album_id = @albumId")]
    public static partial Album? FindAlbum(this Session db, long albumId);

    [Query("select count(*) from album")]
    public static partial Task<long> CountAlbumsAsync(this Session db, CancellationToken ct);

    [Query("select album_id, title, artist_id from album order by album_id")]
    public static partial IAsyncEnumerable<Album> StreamAlbums(this Session db, CancellationToken ct = default);

    [Query("""
        select artist_id, name from artist where artist_id = @artistId;
        select album_id, title, artist_id from album where artist_id = @artistId order by album_id
        """)]
    public static partial (Artist, List<Album>) ArtistPage(this Session db, long artistId);

    [Query("select album_id, title, artist_id from album where album_id in @ids order by album_id")]
    public static partial List<Album> AlbumsByIds(this Session db, IEnumerable<long> ids);

    [Execute("update album set title = @title where album_id = @albumId")]
    public static partial int RenameAlbum(this Session db, long albumId, string title);

    [Query("select ar.name from album al join artist ar on ar.artist_id = al.artist_id where al.album_id = @albumId")]
    public static partial string? ArtistOfAlbum(this Session db, long albumId);
}
