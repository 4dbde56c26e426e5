using System.Reflection;
using Sqlmint.Generator.Schema;

namespace Sqlmint.GeneratorTests.Schema;

/// <summary>The Chinook scripts the integration tests load, parsed once per test run.</summary>
internal static class ChinookSchemas
{
    public const string SqlitePath = "Chinook_Sqlite.sql";
    public const string PostgreSqlPath = "Chinook_PostgreSql.sql";

    private static readonly Lazy<SchemaModel> s_sqlite = new(() => SchemaParser.Parse(SqlitePath, SqliteText));
    private static readonly Lazy<SchemaModel> s_postgreSql = new(() => SchemaParser.Parse(PostgreSqlPath, PostgreSqlText));

    public static SchemaModel Sqlite => s_sqlite.Value;

    public static SchemaModel PostgreSql => s_postgreSql.Value;

    public static string SqliteText => File.ReadAllText(Path.Combine(Folder, SqlitePath));

    public static string PostgreSqlText => File.ReadAllText(Path.Combine(Folder, PostgreSqlPath));

    // The project folder is stamped into the test assembly, so the scripts are found wherever the binaries are built.
    private static string Folder => Path.GetFullPath(Path.Combine(
        typeof(ChinookSchemas).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GeneratorTestsProjectDirectory").Value!,
        "..",
        "Integration",
        "Data",
        "chinook"));
}
