using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Testing;
using Xunit;

namespace Sqlmint.RuntimeTests.Databases;

public sealed class ChinookTests
{
    // Counted from the scripts (multi-row INSERTs), identical on both sides.
    public static TheoryData<string, string, long> Tables => new()
    {
        { "Album", "album", 347 },
        { "Artist", "artist", 275 },
        { "Customer", "customer", 59 },
        { "Employee", "employee", 8 },
        { "Genre", "genre", 25 },
        { "Invoice", "invoice", 412 },
        { "InvoiceLine", "invoice_line", 2240 },
        { "MediaType", "media_type", 5 },
        { "Playlist", "playlist", 18 },
        { "PlaylistTrack", "playlist_track", 8715 },
        { "Track", "track", 3503 },
    };

    [Fact]
    public void Scripts_AreFoundFromTheTestOutputDirectory()
    {
        Assert.True(File.Exists(Path.Combine(ChinookLoader.RepositoryRoot(), "Sqlmint.slnx")));
        Assert.True(File.Exists(ChinookLoader.SqliteScriptPath));
        Assert.True(File.Exists(ChinookLoader.PostgresScriptPath));
    }

    [Fact]
    public void RepositoryRoot_FailsClearlyOutsideTheRepository()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => ChinookLoader.RepositoryRoot("/"));

        Assert.Contains("Sqlmint.slnx", error.Message);
    }

    [Fact]
    public void PostgresScript_LosesOnlyThePsqlLines()
    {
        var original = File.ReadAllText(ChinookLoader.PostgresScriptPath);
        var script = ChinookLoader.PostgresScriptForNpgsql();

        Assert.Contains("DROP DATABASE", original);
        Assert.Contains("\\c chinook", original);
        Assert.DoesNotContain("DROP DATABASE", script);
        Assert.DoesNotContain("CREATE DATABASE", script);
        Assert.DoesNotContain("\\c", script);
        Assert.Contains("CREATE TABLE album", script);
        Assert.Contains("INSERT INTO track", script);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Sqlite_HasTheExpectedRows(string sqliteTable, string postgresTable, long rows)
    {
        _ = postgresTable;
        using var connection = new SqliteConnection($"Data Source={ChinookLoader.SqliteChinookFile()};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"select count(*) from [{sqliteTable}]";

        Assert.Equal(rows, (long)command.ExecuteScalar()!);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Postgres_HasTheExpectedRows(string sqliteTable, string postgresTable, long rows)
    {
        _ = sqliteTable;
        await using var connection = new NpgsqlConnection(await ChinookLoader.PostgresChinookAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {postgresTable}", connection);

        Assert.Equal(rows, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public void Sqlite_SchemaIsPascalCase()
    {
        using var connection = new SqliteConnection($"Data Source={ChinookLoader.SqliteChinookFile()};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select name from pragma_table_info('Album') order by cid";
        var columns = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                columns.Add(reader.GetString(0));

        Assert.Equal(["AlbumId", "Title", "ArtistId"], columns);
    }

    [Fact]
    public async Task Postgres_SchemaIsSnakeCase()
    {
        await using var connection = new NpgsqlConnection(await ChinookLoader.PostgresChinookAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_name = 'album' order by ordinal_position", connection);
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                columns.Add(reader.GetString(0));

        Assert.Equal(["album_id", "title", "artist_id"], columns);
    }

    [Fact]
    public void Sqlite_LoadsIntoAnInMemoryConnection_WithUnicodeIntact()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        ChinookLoader.LoadSqlite(connection);

        using var command = connection.CreateCommand();
        command.CommandText = "select Name from Artist where ArtistId = 8";
        Assert.Equal("Audioslave", command.ExecuteScalar());
        command.CommandText = "select count(*) from Artist where Name like '%Antônio%'";
        Assert.True((long)command.ExecuteScalar()! > 0);
    }

    [Fact]
    public void CopyOfSqliteChinook_IsPrivateAndWritable()
    {
        var copy = ChinookLoader.CopyOfSqliteChinook();
        Assert.NotEqual(ChinookLoader.SqliteChinookFile(), copy);
        Assert.NotEqual(copy, ChinookLoader.CopyOfSqliteChinook());

        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "delete from InvoiceLine; delete from PlaylistTrack; delete from Track where AlbumId = 1";
            command.ExecuteNonQuery();
            command.CommandText = "select count(*) from Track";
            Assert.Equal(3503L - 10, (long)command.ExecuteScalar()!);
        }

        using var original = new SqliteConnection($"Data Source={ChinookLoader.SqliteChinookFile()};Mode=ReadOnly");
        original.Open();
        using var check = original.CreateCommand();
        check.CommandText = "select count(*) from Track";
        Assert.Equal(3503L, (long)check.ExecuteScalar()!);
    }

    [Fact]
    public async Task CopyOfPostgresChinook_IsPrivateAndWritable()
    {
        const string name = "sqlmint_chinook_copy_test";
        var copy = await ChinookLoader.CopyOfPostgresChinookAsync(name);

        await using (var connection = new NpgsqlConnection(copy))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("delete from invoice_line; delete from playlist_track; delete from track where album_id = 1", connection);
            await command.ExecuteNonQueryAsync();
            command.CommandText = "select count(*) from track";
            Assert.Equal(3503L - 10, (long)(await command.ExecuteScalarAsync())!);
        }

        await using var original = new NpgsqlConnection(await ChinookLoader.PostgresChinookAsync());
        await original.OpenAsync();
        await using var check = new NpgsqlCommand("select count(*) from track", original);
        Assert.Equal(3503L, (long)(await check.ExecuteScalarAsync())!);
        await PostgresServer.Shared.DropDatabaseAsync(name);
    }
}
