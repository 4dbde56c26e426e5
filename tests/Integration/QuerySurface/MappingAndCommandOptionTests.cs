using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class ColumnMappingTestsOnSqlite() : ColumnMappingTests(Dbms.Sqlite);

public sealed class ColumnMappingTestsOnPostgres() : ColumnMappingTests(Dbms.Postgres);

/// <summary>A column whose value cannot convert: the error names the column, the member and both types.</summary>
public abstract class ColumnMappingTests(Dbms dbms) : SurfaceTest(dbms)
{
    [Fact]
    public void A_text_column_read_into_a_guid_member()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.OnlyNameAsGuid(1));

        Assert.Equal("TypeEdgeSql.OnlyNameAsGuid", error.Method);
        Assert.Equal("name", error.Column);
        Assert.StartsWith("TypeEdgeSql.OnlyNameAsGuid: column 'name' of type System.String cannot be read into member 'Name' of type System.Guid: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void A_text_column_read_into_a_date_time_member_of_a_list_row()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.OnlyNameAsDate(1));

        Assert.Equal("name", error.Column);
        Assert.StartsWith("TypeEdgeSql.OnlyNameAsDate: column 'name' of type System.String cannot be read into member 'Name' of type System.DateTime: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_column_read_into_an_int_member_of_a_one_column_row()
    {
        // SQLite converts text to a number the way its own CAST does ('For Those About...' is 0), and
        // Microsoft.Data.Sqlite's GetInt32 returns that; the generated code checks a 0 against the stored value.
        var error = Assert.Throws<ColumnMappingException>(() => Connection.OnlyNameAsNumber(1));
        Assert.Equal("name", error.Column);
        Assert.Equal(
            "TypeEdgeSql.OnlyNameAsNumber: column 'name' of type System.String cannot be read into member 'Name' of type System.Int32: "
            + (IsPostgres ? "Reading as 'System.Int32' is not supported for fields having DataTypeName 'character varying'" : "The value is text that is not a number."),
            error.Message);
        Assert.IsType<InvalidCastException>(error.InnerException);
    }
}

/// <summary>PostgreSQL only: CommandTimeout against a slow query, and CommandType.StoredProcedure.</summary>
public sealed class PostgresCommandOptionTests() : SurfaceTest(Dbms.Postgres)
{
    [Fact]
    public void A_one_second_command_timeout_stops_a_thirty_second_query()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<NpgsqlException>(() => Connection.SlowQuery());

        clock.Stop();
        Assert.IsType<TimeoutException>(error.InnerException);
        // Far below the query's 30 s: the timeout stopped it (a generous bound, as the machine is shared).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {clock.Elapsed}");
        Assert.Equal(0, ActivePostgresQueries());
    }

    [Fact]
    public async Task A_one_second_command_timeout_async()
    {
        var clock = Stopwatch.StartNew();
        await using Session db = Connect();

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => db.SlowQueryAsync());

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Without_a_timeout_the_same_query_finishes()
    {
        Assert.Equal(1, Connection.QuickSleep());
    }

    [Fact]
    public void A_stored_procedure_without_parameters_is_called()
    {
        Run("create procedure rename_first_artist() language sql as $$ update artist set name = 'Renamed by procedure' where artist_id = 1 $$");

        // Npgsql turns CommandType.StoredProcedure into "CALL rename_first_artist()"; CALL reports no row count.
        Assert.Equal(-1, Connection.RenameFirstArtist());
        Assert.Equal("Renamed by procedure", Scalar("select name from artist where artist_id = 1"));
    }

    [Fact]
    public void A_stored_procedure_with_an_inout_parameter_returns_a_row()
    {
        Run("create procedure count_artists(inout total bigint default null) language plpgsql as $$ begin select count(*) into total from artist; end $$");

        Assert.Equal(275, Connection.CountArtistsByProcedure());
    }

    [Fact]
    public void A_function_called_as_a_stored_procedure_is_rejected_by_postgres()
    {
        Run("create function artist_total() returns bigint language sql as $$ select count(*) from artist $$");

        // Npgsql 7+ maps StoredProcedure to CALL, which only procedures accept.
        var error = Assert.Throws<PostgresException>(() => Connection.ArtistTotalByFunction());
        Assert.Equal("42809", error.SqlState);
        Assert.Contains("artist_total() is not a procedure", error.MessageText, StringComparison.Ordinal);
    }
}

public static partial class CommandOptionSql
{
    [Query("select 1 from pg_sleep(30)", CommandTimeout = 1)]
    public static partial int SlowQuery(this DbConnection db);

    [Query("select 1 from pg_sleep(30)", CommandTimeout = 1)]
    public static partial Task<int> SlowQueryAsync(this Session db, CancellationToken ct = default);

    [Query("select 1 from pg_sleep(0.1)", CommandTimeout = 5)]
    public static partial int QuickSleep(this DbConnection db);

    [Execute("rename_first_artist", CommandType = CommandType.StoredProcedure)]
    public static partial int RenameFirstArtist(this DbConnection db);

    [Query("count_artists", CommandType = CommandType.StoredProcedure)]
    public static partial long CountArtistsByProcedure(this DbConnection db);

    [Query("artist_total", CommandType = CommandType.StoredProcedure)]
    public static partial long ArtistTotalByFunction(this DbConnection db);
}
