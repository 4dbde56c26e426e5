using Npgsql;
using Sqlmint.Testing;
using Xunit;

namespace Sqlmint.RuntimeTests.Databases;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task SharedServer_AnswersSelectVersion()
    {
        var server = PostgresServer.Shared;

        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version()", connection);
        var version = (string?)await command.ExecuteScalarAsync();

        Assert.NotNull(version);
        Assert.StartsWith("PostgreSQL ", version);
    }

    [Fact]
    public void SharedServer_IsOneInstancePerProcess()
    {
        var servers = Enumerable.Range(0, 8).AsParallel().Select(_ => PostgresServer.Shared).Distinct().ToList();

        Assert.Single(servers);
        Assert.True(servers[0].IsRunning);
    }

    [Fact]
    public void ConnectionString_NamesServerUserAndDatabase()
    {
        var server = PostgresServer.Shared;

        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString("some_db"));

        Assert.Equal("some_db", builder.Database);
        Assert.Equal(server.Host, builder.Host);
        Assert.Equal(server.Port, builder.Port);
        Assert.Equal(server.User, builder.Username);
        Assert.Equal("postgres", new NpgsqlConnectionStringBuilder(server.ConnectionString()).Database);
    }

    [Fact]
    public async Task CreateDatabase_ReplacesAnExistingOne()
    {
        var server = PostgresServer.Shared;
        const string name = "sqlmint_create_db_test";

        await server.CreateDatabaseAsync(name);
        await using (var first = new NpgsqlConnection(server.ConnectionString(name)))
        {
            await first.OpenAsync();
            await using var create = new NpgsqlCommand("create table marker (id int)", first);
            await create.ExecuteNonQueryAsync();
        }
        // Recreating must work even though a pooled connection to the old database is still open.
        await server.CreateDatabaseAsync(name);

        await using var second = new NpgsqlConnection(server.ConnectionString(name));
        await second.OpenAsync();
        await using var query = new NpgsqlCommand("select current_database(), to_regclass('marker') is null", second);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(name, reader.GetString(0));
        Assert.True(reader.GetBoolean(1), "the table of the dropped database should be gone");
        await reader.DisposeAsync();
        await second.CloseAsync();
        await server.DropDatabaseAsync(name);
    }

    [Fact]
    public async Task PrivateServer_RestartsOnTheSamePort_AndDisposeRemovesEverything()
    {
        if (Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable) is { Length: > 0 })
            return; // Deliberately using an existing server: there may be no binaries to start one.

        string dataDirectory;
        string connectionString;
        await using (var server = PostgresServer.StartPrivate())
        {
            Assert.False(server.IsExternal);
            Assert.NotEqual(PostgresServer.Shared.Port, server.Port);
            dataDirectory = server.DataDirectory!;
            Assert.True(Directory.Exists(dataDirectory));
            Assert.StartsWith(PostgresServer.TempDirPrefix, Path.GetFileName(Path.GetDirectoryName(dataDirectory)));
            connectionString = server.ConnectionString();
            await ExecuteAsync(connectionString, "create table kept (id int); insert into kept values (42)");
            var port = server.Port;

            await server.RestartAsync();

            Assert.Equal(port, server.Port);
            Assert.Equal(42, await ScalarAsync<int>(connectionString, "select id from kept"));

            await server.StopAsync(immediate: true);
            Assert.False(server.IsRunning);
            await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync<int>(connectionString, "select 1"));
            await server.StartAsync();
            Assert.Equal(42, await ScalarAsync<int>(connectionString, "select id from kept"));
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(dataDirectory)));
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync<int>(connectionString, "select 1"));
    }

    [Fact]
    public async Task ExternalServer_IsUsedAsIs_AndCannotBeStopped()
    {
        await using var server = PostgresServer.External("Host=db.example;Port=6543;Username=me;Password=pw");

        Assert.True(server.IsExternal);
        Assert.Null(server.DataDirectory);
        Assert.Equal("db.example", server.Host);
        Assert.Equal(6543, server.Port);
        Assert.Equal("me", server.User);
        Assert.Equal("pw", new NpgsqlConnectionStringBuilder(server.ConnectionString("x")).Password);
        await Assert.ThrowsAsync<NotSupportedException>(() => server.RestartAsync());
        await Assert.ThrowsAsync<NotSupportedException>(() => server.StartAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ExternalServerFrom_UnsetMeansStartAPrivateServer(string? value)
    {
        Assert.Null(PostgresServer.ExternalServerFrom(value));
    }

    [Fact]
    public void ExternalServerFrom_ReadsTheConnectionString()
    {
        var settings = PostgresServer.ExternalServerFrom("Host=db.example;Port=6543;Username=me;Password=secret;SSL Mode=Disable");

        Assert.NotNull(settings);
        Assert.Equal("db.example", settings.Host);
        Assert.Equal(6543, settings.Port);
        Assert.Equal("me", settings.Username);
        Assert.Equal("secret", settings.Password);
        Assert.Equal(SslMode.Disable, settings.SslMode);
    }

    [Fact]
    public void ExternalServerFrom_DefaultsThePort()
    {
        var settings = PostgresServer.ExternalServerFrom("Host=localhost;Username=me");

        Assert.Equal(5432, settings!.Port);
    }

    [Theory]
    [InlineData("Username=me;Password=hunter2")]
    [InlineData("Host=x;Password=hunter2;NoSuchKey=1")]
    [InlineData("postgresql://me:hunter2@localhost/db")]
    public void ExternalServerFrom_RejectsBadValues_WithoutLeakingThePassword(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresServer.ExternalServerFrom(value));

        Assert.Contains(PostgresServer.EnvironmentVariable, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void CleanUpLeftovers_RemovesDirsOfDeadProcesses_AndKeepsLiveOnes()
    {
        var root = Directory.CreateTempSubdirectory("sqlmint-leftover-test-").FullName;
        try
        {
            var deadPid = DeadProcessId();
            var orphan = Path.Combine(root, $"{PostgresServer.TempDirPrefix}{deadPid}-abcd1234");
            Directory.CreateDirectory(Path.Combine(orphan, "data"));
            File.WriteAllText(Path.Combine(orphan, "data", "postmaster.pid"), $"{deadPid}\n");
            var mine = Path.Combine(root, $"{PostgresServer.TempDirPrefix}{Environment.ProcessId}-abcd1234");
            Directory.CreateDirectory(mine);
            var unrelated = Path.Combine(root, "something-else");
            Directory.CreateDirectory(unrelated);

            var removed = PostgresServer.CleanUpLeftovers(root);

            Assert.Equal(1, removed);
            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(mine));
            Assert.True(Directory.Exists(unrelated));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlmint-pg-1234-abcd", 1234)]
    [InlineData("sqlmint-pg-abcd", null)]
    [InlineData("other-1234-abcd", null)]
    public void TempDirs_OwnerOf_ReadsThePidFromTheName(string name, int? expected)
    {
        Assert.Equal(expected, TempDirs.OwnerOf(name, PostgresServer.TempDirPrefix));
    }

    static int DeadProcessId()
    {
        var result = ProcessRunner.Run("sh", ["-c", "echo $$"]);
        return int.Parse(result.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class TempDirsTests
{
    [Fact]
    public async Task DeleteWhenProcessExits_RemovesTheDirOnceTheOwnerIsGone()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var owner = System.Diagnostics.Process.Start("sleep", "1");
        var dir = Directory.CreateTempSubdirectory("sqlmint-watchdog-test-").FullName;
        var marker = Path.Combine(Path.GetTempPath(), $"sqlmint-watchdog-marker-{Guid.NewGuid():N}");
        try
        {
            TempDirs.DeleteWhenProcessExits(dir, $"touch {TempDirs.ShellQuote(marker)}", owner.Id);
            Assert.True(Directory.Exists(dir), "the dir must survive while its owner runs");

            await owner.WaitForExitAsync();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Directory.Exists(dir) && DateTime.UtcNow < deadline)
                await Task.Delay(100);

            Assert.False(Directory.Exists(dir));
            Assert.True(File.Exists(marker), "the command to run before deleting should have run");
        }
        finally
        {
            File.Delete(marker);
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }
}
