using System;
using System.IO;
using Microsoft.Data.Sqlite;

// The baseline for docs/aot.md: AotConsole's work up to its first query (two drops, two creates, a count),
// written by hand against Microsoft.Data.Sqlite, then one insert and one row read back. No Sqlmint.
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

    using var query = connection.CreateCommand();
    query.CommandText = "select artist_id, name, country from artist where artist_id = @artistId";
    query.Parameters.AddWithValue("@artistId", 1L);
    using var reader = query.ExecuteReader();
    if (!reader.Read())
    {
        Console.Error.WriteLine("failed: no row");
        return 1;
    }

    Console.WriteLine($"artist {reader.GetInt64(0)}: {reader.GetString(1)} from {reader.GetString(2)} ({before} albums before)");
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

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
