using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.Testing;

/// <summary>
/// Loads the Chinook sample database (tests/Integration/Data/chinook). The SQLite schema is PascalCase
/// (<c>Album(AlbumId, Title, ArtistId)</c>), the PostgreSQL one snake_case (<c>album(album_id, title, artist_id)</c>).
/// <see cref="CopyOfSqliteChinookSnakeCase"/> gives a SQLite copy renamed to the PostgreSQL names, so the same SQL
/// runs on both.
/// </summary>
public static class ChinookLoader
{
    /// <summary>The shared, read-only PostgreSQL Chinook database (see <see cref="PostgresChinookAsync"/>).</summary>
    public const string PostgresDatabase = "chinook";

    /// <summary>A fully loaded copy that nobody connects to, so <c>CREATE DATABASE .. TEMPLATE</c> can clone it.</summary>
    public const string PostgresTemplate = "chinook_template";

    const string PostgresLoading = "chinook_loading";
    const string SqliteDirPrefix = "sqlmint-sqlite-";

    // Serialises building the template across test processes sharing one external server.
    const long AdvisoryLockKey = 0x5351_4C4D_4348_4E4B; // "SQLMCHNK"

    static readonly Lazy<string> s_dataDirectory = new(() => Path.Combine(RepositoryRoot(), "tests", "Integration", "Data", "chinook"));
    static readonly Lazy<Task<string>> s_postgres = new(BuildPostgresChinookAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<string> s_sqliteFile = new(BuildSqliteChinookFile, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<string> s_sqliteSnakeCaseFile = new(BuildSqliteSnakeCaseChinookFile, LazyThreadSafetyMode.ExecutionAndPublication);
    static int s_copyCounter;

    /// <summary>The folder holding the Chinook scripts.</summary>
    public static string DataDirectory => s_dataDirectory.Value;

    public static string SqliteScriptPath => Path.Combine(DataDirectory, "Chinook_Sqlite.sql");

    public static string PostgresScriptPath => Path.Combine(DataDirectory, "Chinook_PostgreSql.sql");

    /// <summary>
    /// The repository root: the nearest folder holding <c>Sqlmint.slnx</c> above <paramref name="start"/>, or by
    /// default above the test binaries, then above this source file (for builds with an artifacts path
    /// outside the repository), then above the current directory.
    /// </summary>
    public static string RepositoryRoot(string? start = null)
    {
        string[] starts = start is not null
            ? [start]
            : [AppContext.BaseDirectory, Path.GetDirectoryName(ThisSourceFile()) ?? "", Environment.CurrentDirectory];
        foreach (var from in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sqlmint.slnx")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException(
            $"No folder containing Sqlmint.slnx above {string.Join(" or ", starts)}; the Chinook scripts are found relative to it.");
    }

    // The compiler's path of this file; may be mapped (e.g. /_/) in CI builds, so it is only a fallback.
    static string ThisSourceFile([CallerFilePath] string path = "") => path;

    /// <summary>Creates and fills the Chinook tables on an open SQLite connection, in one transaction.</summary>
    public static void LoadSqlite(SqliteConnection open)
    {
        var script = File.ReadAllText(SqliteScriptPath, Encoding.UTF8);
        // One transaction: otherwise every statement commits (and syncs) on its own.
        using var transaction = open.BeginTransaction();
        using var command = open.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = script;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The PostgreSQL script without its psql-only lines (<c>DROP/CREATE DATABASE</c>, <c>\c</c>).</summary>
    public static string PostgresScriptForNpgsql()
    {
        var builder = new StringBuilder();
        foreach (var line in File.ReadLines(PostgresScriptPath, Encoding.UTF8))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('\\') ||
                trimmed.StartsWith("DROP DATABASE", StringComparison.OrdinalIgnoreCase) ||
                trimmed.StartsWith("CREATE DATABASE", StringComparison.OrdinalIgnoreCase))
                continue;
            builder.Append(line).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>Creates and fills the Chinook tables in the database of <paramref name="connectionString"/>.</summary>
    public static async Task LoadPostgresAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var script = PostgresScriptForNpgsql();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One round trip: Npgsql splits the text into statements and sends them as a single batch,
        // which the server runs as one implicit transaction.
        await using var command = new NpgsqlCommand(script, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A connection string to the <c>chinook</c> database on <see cref="PostgresServer.Shared"/>, created and
    /// loaded once per process. Treat it as read-only; use <see cref="CopyOfPostgresChinookAsync"/> to write.
    /// </summary>
    public static Task<string> PostgresChinookAsync() => s_postgres.Value;

    /// <summary>
    /// Creates (replacing) database <paramref name="database"/> on the shared server as a copy of Chinook,
    /// and returns its connection string. Cloning the template is much faster than loading the script.
    /// </summary>
    public static async Task<string> CopyOfPostgresChinookAsync(string database)
    {
        await PostgresChinookAsync().ConfigureAwait(false);
        var server = PostgresServer.Shared;
        await server.DropDatabaseAsync(database).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await ExecuteAsync(connection,
            $"create database {PostgresServer.QuoteIdentifier(database)} template {PostgresServer.QuoteIdentifier(PostgresTemplate)}").ConfigureAwait(false);
        return server.ConnectionString(database);
    }

    /// <summary>The path of a SQLite Chinook file, built once per process in a temp dir. Do not write to it.</summary>
    public static string SqliteChinookFile() => s_sqliteFile.Value;

    /// <summary>A fresh, private, writable copy of <see cref="SqliteChinookFile"/>; removed at process exit.</summary>
    public static string CopyOfSqliteChinook()
    {
        var source = SqliteChinookFile();
        var copy = Path.Combine(Path.GetDirectoryName(source)!, $"copy-{Interlocked.Increment(ref s_copyCounter)}.db");
        File.Copy(source, copy, overwrite: true);
        return copy;
    }

    /// <summary>
    /// The path of a SQLite Chinook file whose tables and columns carry the snake_case names of the PostgreSQL
    /// Chinook (<c>album(album_id, title, artist_id)</c>), built once per process. Do not write to it.
    /// </summary>
    public static string SqliteChinookSnakeCaseFile() => s_sqliteSnakeCaseFile.Value;

    /// <summary>A fresh, private, writable copy of <see cref="SqliteChinookSnakeCaseFile"/>; removed at process exit.</summary>
    public static string CopyOfSqliteChinookSnakeCase()
    {
        var source = SqliteChinookSnakeCaseFile();
        var copy = Path.Combine(Path.GetDirectoryName(source)!, $"snake-copy-{Interlocked.Increment(ref s_copyCounter)}.db");
        File.Copy(source, copy, overwrite: true);
        return copy;
    }

    /// <summary>
    /// Renames every table and column of the open SQLite database from PascalCase to snake_case
    /// (<c>InvoiceLine.UnitPrice</c> becomes <c>invoice_line.unit_price</c>), in one transaction. Foreign keys,
    /// indexes and primary keys follow the renames (SQLite rewrites them; indexes keep their own names).
    /// </summary>
    public static void RenameSqliteToSnakeCase(SqliteConnection open)
    {
        using var transaction = open.BeginTransaction();
        var tables = new List<string>();
        using (var list = open.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            var columns = new List<string>();
            using (var info = open.CreateCommand())
            {
                info.Transaction = transaction;
                info.CommandText = $"select name from pragma_table_info({SqliteLiteral(table)}) order by cid";
                using var reader = info.ExecuteReader();
                while (reader.Read())
                    columns.Add(reader.GetString(0));
            }
            foreach (var column in columns)
                Rename(column, SnakeCase(column), (from, to) => $"alter table {SqliteIdentifier(table)} rename column {SqliteIdentifier(from)} to {SqliteIdentifier(to)}");
            Rename(table, SnakeCase(table), (from, to) => $"alter table {SqliteIdentifier(from)} rename to {SqliteIdentifier(to)}");
        }
        transaction.Commit();

        void Rename(string from, string to, Func<string, string, string> sql)
        {
            if (from == to)
                return;
            // SQLite names are case-insensitive, so Album -> album is "already taken": go through a temporary name.
            if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            {
                Execute(sql(from, to + "_snake_tmp"));
                from = to + "_snake_tmp";
            }
            Execute(sql(from, to));
        }

        void Execute(string sql)
        {
            using var command = open.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary><c>InvoiceLineId</c> → <c>invoice_line_id</c>: an underscore before each capital that follows a lower-case letter or digit.</summary>
    public static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1])))
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    static string SqliteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    static string SqliteLiteral(string value) => "'" + value.Replace("'", "''") + "'";

    static string BuildSqliteSnakeCaseChinookFile()
    {
        var source = SqliteChinookFile();
        var path = Path.Combine(Path.GetDirectoryName(source)!, "chinook-snake-case.db");
        var building = path + ".building";
        File.Copy(source, building, overwrite: true);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = building, Pooling = false }.ToString()))
        {
            connection.Open();
            RenameSqliteToSnakeCase(connection);
        }
        // Appears complete or not at all.
        File.Move(building, path, overwrite: true);
        return path;
    }

    static string BuildSqliteChinookFile()
    {
        var tempRoot = Path.GetTempPath();
        TempDirs.DeleteOrphans(tempRoot, SqliteDirPrefix);
        var dir = TempDirs.Create(tempRoot, SqliteDirPrefix);
        TempDirs.DeleteWhenProcessExits(dir);

        var path = Path.Combine(dir, "chinook.db");
        // No pooling, so the file is closed (and safe to copy byte for byte) once we are done.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            LoadSqlite(connection);
        }
        return path;
    }

    static async Task<string> BuildPostgresChinookAsync()
    {
        var server = PostgresServer.Shared;
        await using var admin = new NpgsqlConnection(server.ConnectionString());
        await admin.OpenAsync().ConfigureAwait(false);
        await ExecuteAsync(admin, $"select pg_advisory_lock({AdvisoryLockKey})").ConfigureAwait(false);
        try
        {
            // The template only ever appears complete: it is loaded under another name and renamed last.
            // So on a shared external server a template left by an earlier run can be reused as is.
            if (!await DatabaseExistsAsync(admin, PostgresTemplate).ConfigureAwait(false))
            {
                await server.CreateDatabaseAsync(PostgresLoading).ConfigureAwait(false);
                var loading = new NpgsqlConnectionStringBuilder(server.ConnectionString(PostgresLoading)) { Pooling = false };
                await LoadPostgresAsync(loading.ConnectionString).ConfigureAwait(false);
                await ExecuteAsync(admin, $"alter database {PostgresLoading} rename to {PostgresTemplate}").ConfigureAwait(false);
                // Nobody may connect to it, or cloning it would fail with "being accessed by other users".
                await ExecuteAsync(admin, $"alter database {PostgresTemplate} with is_template true allow_connections false").ConfigureAwait(false);
            }
            if (!await DatabaseExistsAsync(admin, PostgresDatabase).ConfigureAwait(false))
                await ExecuteAsync(admin, $"create database {PostgresDatabase} template {PostgresTemplate}").ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(admin, $"select pg_advisory_unlock({AdvisoryLockKey})").ConfigureAwait(false);
        }
        return server.ConnectionString(PostgresDatabase);
    }

    static async Task<bool> DatabaseExistsAsync(NpgsqlConnection connection, string name)
    {
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_database where datname = @name)", connection);
        command.Parameters.AddWithValue("name", name);
        return (bool)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
