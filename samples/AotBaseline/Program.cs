using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Data.Sqlite;

// The baseline for docs/aot.md: AotConsole's work up to its first query (two drops, two creates, a count),
// written by hand against Microsoft.Data.Sqlite, then one insert and one row read back, and the same kinds of
// extra work AotConsole does (an execute-many in a transaction, an async stream, three result sets), so the
// size difference is Sqlmint and not the sample's features. No Sqlmint.
// With SQLMINT_SAMPLE_TIMING=1 it prints when the first query returned, as AotConsole does.

string? argument = args.Length > 0 ? args[0] : null;
string path = argument ?? Path.Combine(Path.GetTempPath(), $"sqlmint-aot-baseline-{Environment.ProcessId}.db");

try
{
    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    connection.Open();

    Execute(connection, "drop table if exists album");
    Execute(connection, "drop table if exists artist");
    Execute(connection, "create table artist (artist_id bigint primary key, name text not null, country text)");
    Execute(connection, "create table album (album_id bigint primary key, title text not null, artist_id bigint not null references artist (artist_id), price numeric(10, 2) not null)");
    long before;
    using (var count = connection.CreateCommand())
    {
        count.CommandText = "select count(*) from album";
        before = (long)count.ExecuteScalar()!;
    }

    if (Environment.GetEnvironmentVariable("SQLMINT_SAMPLE_TIMING") == "1")
    {
        Console.WriteLine($"first-query-unix-us={DateTimeOffset.UtcNow.Ticks / 10 - DateTimeOffset.UnixEpoch.Ticks / 10}");
    }

    using (var insert = connection.CreateCommand())
    {
        insert.CommandText = "insert into artist (artist_id, name, country) values (@artistId, @name, @country)";
        insert.Parameters.AddWithValue("@artistId", 1L);
        insert.Parameters.AddWithValue("@name", "AC/DC");
        insert.Parameters.AddWithValue("@country", "Australia");
        insert.ExecuteNonQuery();
    }

    using (var query = connection.CreateCommand())
    {
        query.CommandText = "select artist_id, name, country from artist where artist_id = @artistId";
        query.Parameters.AddWithValue("@artistId", 1L);
        using var reader = query.ExecuteReader();
        if (!reader.Read())
        {
            Console.Error.WriteLine("failed: no row");
            return 1;
        }

        Console.WriteLine($"artist {reader.GetInt64(0)}: {reader.GetString(1)} from {reader.GetString(2)} ({before} albums before)");
    }

    int inserted = 0;
    using (var transaction = connection.BeginTransaction())
    using (var insertAlbum = connection.CreateCommand())
    {
        insertAlbum.Transaction = transaction;
        insertAlbum.CommandText = "insert into album (album_id, title, artist_id, price) values (@id, @title, @artistId, @price)";
        var id = insertAlbum.Parameters.Add("@id", SqliteType.Integer);
        var title = insertAlbum.Parameters.Add("@title", SqliteType.Text);
        var artist = insertAlbum.Parameters.Add("@artistId", SqliteType.Integer);
        var price = insertAlbum.Parameters.Add("@price", SqliteType.Text);
        foreach ((long albumId, string albumTitle, decimal albumPrice) in new[] { (1L, "Highway to Hell", 6.99m), (2L, "Back in Black", 6.49m), (3L, "Let There Be Rock", 7.99m) })
        {
            id.Value = albumId;
            title.Value = albumTitle;
            artist.Value = 1L;
            price.Value = albumPrice;
            inserted += insertAlbum.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    var streamed = new List<long>();
    await foreach (long albumId in StreamAlbumIds(connection))
    {
        streamed.Add(albumId);
    }

    using (var page = connection.CreateCommand())
    {
        page.CommandText = "select name from artist where artist_id = 1; select album_id from album where artist_id = 1; select count(*) from album";
        using var reader = page.ExecuteReader();
        reader.Read();
        string name = reader.GetString(0);
        reader.NextResult();
        int albums = 0;
        while (reader.Read())
        {
            albums++;
        }

        reader.NextResult();
        reader.Read();
        Console.WriteLine($"extra: inserted {inserted}, streamed {string.Join(", ", streamed)}, result sets: {name} has {albums} of {reader.GetInt64(0)} albums");
    }

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
    if (argument is null)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}

static async IAsyncEnumerable<long> StreamAlbumIds(SqliteConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken = default)
{
    using var command = connection.CreateCommand();
    command.CommandText = "select album_id from album order by album_id";
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
    while (await reader.ReadAsync(cancellationToken))
    {
        yield return reader.GetInt64(0);
    }
}

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
