using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;
#if !SQLITE_ONLY
using Npgsql;
#endif
using Sqlmint;
using Sqlmint.Samples.AotConsole;

// Usage: AotConsole [target]
//   target: a DSN (postgresql://user:pw@host:port/db, sqlite:///file.db), an Npgsql connection string
//   (Host=...;Username=...), or a SQLite file path. Default: a SQLite file in a temp folder, deleted afterwards.
// Runs one generated method of each shape, prints the results and "ok", and exits 0; any failure exits 1.
// With SQLMINT_SAMPLE_TIMING=1 it also prints when the first query returned (eng/aot-measure.sh reads it).

string? argument = args.Length > 0 ? args[0] : null;
string target = argument ?? Path.Combine(Path.GetTempPath(), $"sqlmint-aot-{Environment.ProcessId}.db");
DbConnection? borrowed = null;

try
{
    using Session db = Connect(target, out borrowed);

    db.DropAlbumTable();
    db.DropArtistTable();
    db.CreateArtistTable();
    db.CreateAlbumTable();
    long before = db.CountAlbums();
    if (Environment.GetEnvironmentVariable("SQLMINT_SAMPLE_TIMING") == "1")
    {
        Console.WriteLine($"first-query-unix-us={DateTimeOffset.UtcNow.Ticks / 10 - DateTimeOffset.UnixEpoch.Ticks / 10}");
    }

    int inserted = 0;
    using (SessionTransaction tx = db.Begin())
    {
        inserted += db.InsertArtist(1, "AC/DC", "Australia");
        inserted += db.InsertArtist(2, "Accept", null);
        inserted += db.InsertAlbum(1, "For Those About To Rock We Salute You", 1, 9.99m);
        inserted += db.InsertAlbum(2, "Balls to the Wall", 2, 8.99m);
        inserted += db.InsertAlbum(3, "Let There Be Rock", 1, 7.99m);
        tx.Commit();
    }

    Console.WriteLine($"execute: inserted {inserted} rows in a transaction ({before} albums before)");

    using (SessionTransaction tx = db.Begin())
    {
        db.InsertArtist(3, "Never Signed", null);
        // No Commit: disposing the transaction rolls the insert back.
    }

    List<Album> albums = db.AlbumsByArtist(1);
    Console.WriteLine($"list: {albums.Count} albums by artist 1");
    foreach (Album album in albums)
    {
        Console.WriteLine($"  {album.AlbumId} {album.Title} {Money(album.Price)}");
    }

    IReadOnlyList<string> names = db.ArtistNames();
    Console.WriteLine($"list of scalars: {string.Join(", ", names)} (the uncommitted artist rolled back)");

    Album single = db.AlbumById(2);
    Console.WriteLine($"single: {single.AlbumId} {single.Title} by artist {single.ArtistId}");

    Artist? found = db.FindArtist(1);
    Artist? missing = db.FindArtist(99);
    Console.WriteLine($"single or none: {found?.Name} from {found?.Country}; artist 99 {(missing is null ? "is missing" : "exists")}");

    int raised = db.RaisePrices(1, 1.00m);
    Console.WriteLine($"execute: raised {raised} prices");

    Console.WriteLine($"scalar: {db.CountAlbums()} albums, artist 1 total {Money(db.TotalPrice(1))}, artist 2 country {db.CountryOf(2) ?? "(null)"}");

    int many = db.InsertAlbums(new[]
    {
        new Album(4, "Highway to Hell", 1, 6.99m),
        new Album(5, "Back in Black", 1, 6.49m),
        new Album(6, "Metal Heart", 2, 5.99m),
    });
    Console.WriteLine($"execute-many: inserted {many} albums");

    using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
    var streamed = new List<long>();
    await foreach (Album album in db.StreamAlbums(cancel.Token))
    {
        streamed.Add(album.AlbumId);
    }

    Console.WriteLine($"async stream: {string.Join(", ", streamed)}");

    (Artist? artist, List<Album> artistAlbums, long total) = db.ArtistPage(1);
    Console.WriteLine($"result sets: {artist?.Name} has {artistAlbums.Count} of {total} albums");
    Console.WriteLine("ok");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"failed: {e}");
    return 1;
}
finally
{
    borrowed?.Dispose();
    Db.DisposeAll();
    if (argument is null)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(target);
    }
}

// A DSN goes to Db.Connect (Sqlmint owns a pooled connection), and so does a file path, as sqlite:////full/path.
// An Npgsql connection string is not a DSN: the app opens that connection itself and lends it with Db.Using.
static Session Connect(string target, out DbConnection? borrowed)
{
    borrowed = null;
    if (target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
    {
        borrowed = Postgres(target);
        borrowed.Open();
        return Db.Using(borrowed);
    }

    return Db.Connect(target.Contains("://", StringComparison.Ordinal) ? target : "sqlite:///" + Path.GetFullPath(target));
}

static DbConnection Postgres(string connectionString) =>
#if SQLITE_ONLY
    throw new NotSupportedException("This build leaves Npgsql out (SqliteOnly=true).");
#else
    new NpgsqlConnection(connectionString);
#endif

static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
