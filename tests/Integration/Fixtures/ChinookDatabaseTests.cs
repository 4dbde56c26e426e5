using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sqlmint.Testing;

namespace Sqlmint.IntegrationTests.Fixtures;

/// <summary>The premise of the shared SQL: the snake_case SQLite Chinook and the PostgreSQL one look the same.</summary>
public sealed class ChinookDatabaseTests
{
    [Fact]
    public async Task Both_databases_have_the_same_tables_columns_and_row_counts()
    {
        await using var sqlite = await ChinookDatabase.CreateAsync(Dbms.Sqlite);
        await using var postgres = await ChinookDatabase.CreateAsync(Dbms.Postgres);

        var sqliteShape = await ShapeAsync(sqlite,
            "select m.name, p.name from sqlite_schema m join pragma_table_info(m.name) p " +
            "where m.type = 'table' and m.name not like 'sqlite%' order by m.name, p.cid");
        var postgresShape = await ShapeAsync(postgres,
            "select table_name::text, column_name::text from information_schema.columns " +
            "where table_schema = 'public' order by table_name, ordinal_position");

        Assert.Equal(11, sqliteShape.Select(c => c.Table).Distinct().Count());
        Assert.Contains(("invoice_line", "invoice_line_id"), sqliteShape);
        Assert.Contains(("customer", "support_rep_id"), sqliteShape);
        Assert.Equal(postgresShape, sqliteShape);

        foreach (var table in sqliteShape.Select(c => c.Table).Distinct())
            Assert.Equal(await CountAsync(postgres, table), await CountAsync(sqlite, table));
    }

    [Fact]
    public void The_snake_case_sqlite_file_is_built_once_and_copied_per_test()
    {
        var first = ChinookLoader.CopyOfSqliteChinookSnakeCase();
        var second = ChinookLoader.CopyOfSqliteChinookSnakeCase();

        Assert.NotEqual(first, second);
        Assert.NotEqual(ChinookLoader.SqliteChinookSnakeCaseFile(), first);
        Assert.NotEqual(ChinookLoader.SqliteChinookFile(), ChinookLoader.SqliteChinookSnakeCaseFile());
        // The PascalCase file stays as it was for the tests that use it.
        using var pascal = new SqliteConnection($"Data Source={ChinookLoader.SqliteChinookFile()};Mode=ReadOnly;Pooling=False");
        pascal.Open();
        using var command = pascal.CreateCommand();
        command.CommandText = "select count(*) from sqlite_schema where type = 'table' and name = 'InvoiceLine'";
        Assert.Equal(1L, command.ExecuteScalar());
        File.Delete(first);
        File.Delete(second);
    }

    [Theory]
    [InlineData("AlbumId", "album_id")]
    [InlineData("InvoiceLine", "invoice_line")]
    [InlineData("BillingPostalCode", "billing_postal_code")]
    [InlineData("name", "name")]
    public void Snake_case_names(string pascal, string snake) => Assert.Equal(snake, ChinookLoader.SnakeCase(pascal));

    static async Task<List<(string Table, string Column)>> ShapeAsync(ChinookDatabase database, string sql)
    {
        await using DbConnection connection = database.NewConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var shape = new List<(string, string)>();
        while (await reader.ReadAsync())
            shape.Add((reader.GetString(0), reader.GetString(1)));
        return shape;
    }

    static async Task<long> CountAsync(ChinookDatabase database, string table)
    {
        await using DbConnection connection = database.NewConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"select count(*) from {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
