using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

// Edge cases that were bugs once (found by these tests): an empty NOT IN list, the column named by a conversion
// error, a NULL of a type Npgsql has no DbType for, and stored procedures with parameters.

public sealed class EdgeCaseTestsOnSqlite() : EdgeCaseTests(Dbms.Sqlite);

public sealed class EdgeCaseTestsOnPostgres() : EdgeCaseTests(Dbms.Postgres);

public abstract class EdgeCaseTests(Dbms dbms) : SurfaceTest(dbms)
{
    /// <summary>
    /// An empty list becomes an empty subquery, not <c>(null)</c>: <c>in</c> then matches nothing and <c>not in</c>
    /// every row (<c>x not in (null)</c> would be NULL for every row).
    /// </summary>
    [Fact]
    public void Not_in_an_empty_list_matches_every_row()
    {
        Assert.Equal(347, Connection.CountAlbumsNotIn([]));
        Assert.Equal(345, Connection.CountAlbumsNotIn([1, 2]));
    }

    /// <summary>
    /// The conversion error names the column that failed (name), not the first one whose type differs. On SQLite
    /// Microsoft.Data.Sqlite's GetInt32 would return SQLite's own conversion of the text (0); the generated code sees
    /// the 0, looks at the stored value, and fails the same way Npgsql does.
    /// </summary>
    [Fact]
    public void A_text_column_read_into_an_int_member_names_that_column_and_member()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.NameAsNumber(1));

        Assert.Equal("name", error.Column);
        Assert.Contains("member 'Name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.String", error.Message, StringComparison.Ordinal);
        if (!IsPostgres)
            Assert.EndsWith(": The value is text that is not a number.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_value_read_into_an_int_scalar()
    {
        var error = Assert.Throws<ColumnMappingException>(() => Connection.NameAsScalar(1));
        Assert.Contains("System.Int32", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A NULL sbyte is declared as Int16, a type Npgsql knows (it has no DbType.SByte).</summary>
    [Fact]
    public void A_null_sbyte_parameter_is_sent()
    {
        TypesTable.Create(Connection, Dbms);
        Run("insert into types (id, i8) values (1, 5)");

        Assert.Equal(1, Connection.SetI8OrNull(1, null));
        Assert.Null(Connection.I8(1));
    }
}

/// <summary>A stored procedure gets the method's parameters in order.</summary>
public sealed class StoredProcedureTests() : SurfaceTest(Dbms.Postgres)
{
    [Fact]
    public void A_procedure_takes_the_method_parameters_in_order()
    {
        Run("create procedure rename_artist(id bigint, newname text) language sql as $$ update artist set name = newname where artist_id = id $$");

        Connection.RenameArtistByProcedure(id: 1, newName: "AC/DC (renamed)");

        using DbCommand check = Connection.CreateCommand();
        check.CommandText = "select name from artist where artist_id = 1";
        Assert.Equal("AC/DC (renamed)", check.ExecuteScalar());
    }
}

public static partial class ProcedureSql
{
    [Execute("rename_artist", CommandType = System.Data.CommandType.StoredProcedure)]
    public static partial void RenameArtistByProcedure(this DbConnection db, long id, string newName);
}
