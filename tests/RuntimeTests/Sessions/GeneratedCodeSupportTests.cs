using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Internal;

namespace Sqlmint.RuntimeTests.Sessions;

/// <summary>The run-time checks generated code relies on.</summary>
public sealed class GeneratedCodeSupportTests
{
    [Fact]
    public void Verify_ordinals_accepts_the_build_time_layout_and_names_the_columns_when_it_differs()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select 1 as album_id, 'x' as title";
        using var reader = command.ExecuteReader();

        GeneratedCodeSupport.VerifyOrdinals(reader, "Q.M", new[] { "albumid", "title", "extra" }, new[] { "AlbumId", "Title", "Extra" }, new[] { 0, 1, -1 });

        var swapped = Assert.Throws<ColumnMappingException>(() =>
            GeneratedCodeSupport.VerifyOrdinals(reader, "Q.M", new[] { "albumid", "title" }, new[] { "AlbumId", "Title" }, new[] { 1, 0 }));
        Assert.Contains("member 'AlbumId' was bound at build time to column 1", swapped.Message, StringComparison.Ordinal);
        Assert.Contains("album_id, title", swapped.Message, StringComparison.Ordinal);

        // A settable member the build found no column for must still have none.
        Assert.Throws<ColumnMappingException>(() =>
            GeneratedCodeSupport.VerifyOrdinals(reader, "Q.M", new[] { "title" }, new[] { "Title" }, new[] { -1 }));
    }

    [Theory]
    [InlineData("Host=h;Database=d", true)]
    [InlineData("Host=h;Multiplexing=true", false)]
    [InlineData("Host=h;multiplexing=True", false)]
    [InlineData("Host=h;Multiplexing=false", true)]
    [InlineData("Host=h;Application Name=multiplexing", true)]
    public void Statements_are_prepared_unless_the_connection_string_turns_on_multiplexing(string connectionString, bool prepares)
    {
        using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(prepares, GeneratedCodeSupport.Prepares(connection));
    }
}
