using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.RuntimeTests.Sessions;

public sealed class DriverRegistryTests
{
    [Fact]
    public void A_user_driver_is_used_for_its_dbms_and_driver_pair()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sqlmint-userdriver-{Guid.NewGuid():N}.db");
        int calls = 0;
        DriverRegistry.Register("sqlite", "counting", dsn =>
        {
            Interlocked.Increment(ref calls);
            Assert.Equal("counting", dsn.Driver);
            return SqliteFactory.Instance.CreateDataSource("Data Source=" + dsn.Database);
        });
        try
        {
            using (Session session = Db.Connect("sqlite+counting:///" + path))
            {
                Assert.Equal(1L, session.ExecuteScalar("select 1"));
            }

            using (Session again = Db.Connect("sqlite+counting:///" + path))
            {
                Assert.Equal(2L, again.ExecuteScalar("select 2"));
            }

            Assert.Equal(1, calls); // One engine (one data source) per DSN.
            Assert.Contains("sqlite+counting", DriverRegistry.Registered);
        }
        finally
        {
            Db.GetEngine("sqlite+counting:///" + path).Dispose();
            DriverRegistry.Unregister("sqlite", "counting");
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void Only_a_driver_that_tells_its_connections_apart_gets_the_idle_check()
    {
        // The test registration passes no process id for Npgsql; a registration with one gets the 100 ms default.
        DriverRegistry.Register("postgresql", "checked", static dsn => NpgsqlDataSource.Create(dsn.ToConnectionString()),
            static connection => ((NpgsqlConnection)connection).ProcessID);
        try
        {
            using Engine checkedEngine = Engine.Create("postgresql+checked://u@localhost/db");
            Assert.Equal(TimeSpan.FromMilliseconds(100), checkedEngine.CheckIdleConnectionsAfter);
            checkedEngine.CheckIdleConnectionsAfter = TimeSpan.Zero;
            Assert.Equal(TimeSpan.Zero, checkedEngine.CheckIdleConnectionsAfter);
            checkedEngine.CheckIdleConnectionsAfter = Timeout.InfiniteTimeSpan;
            Assert.Equal(Timeout.InfiniteTimeSpan, checkedEngine.CheckIdleConnectionsAfter);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => checkedEngine.CheckIdleConnectionsAfter = TimeSpan.FromSeconds(-1));
            Assert.Contains("Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);

            using Engine embedded = Engine.Create("sqlite:///:memory:");
            Assert.Equal(Timeout.InfiniteTimeSpan, embedded.CheckIdleConnectionsAfter);
            embedded.CheckIdleConnectionsAfter = TimeSpan.FromSeconds(1); // nothing to check: accepted, ignored
            Assert.Equal(Timeout.InfiniteTimeSpan, embedded.CheckIdleConnectionsAfter);
            Assert.Throws<ArgumentOutOfRangeException>(() => embedded.CheckIdleConnectionsAfter = TimeSpan.FromSeconds(-1));
        }
        finally
        {
            DriverRegistry.Unregister("postgresql", "checked");
        }
    }

    [Fact]
    public void An_unregistered_driver_is_a_clear_error_and_is_not_cached()
    {
        string dsn = "postgresql+pgmock://u@localhost/db";
        var error = Assert.Throws<SqlmintException>(() => Db.Connect(dsn));
        Assert.Contains("'postgresql+pgmock'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DriverRegistry.Register", error.Message, StringComparison.Ordinal);

        // Registering afterwards works: the failure was not cached.
        DriverRegistry.Register("postgresql", "pgmock", _ => SqliteFactory.Instance.CreateDataSource("Data Source=:memory:"));
        try
        {
            using Session session = Db.Connect(dsn);
            Assert.Equal(7L, session.ExecuteScalar("select 7"));
        }
        finally
        {
            Db.GetEngine(dsn).Dispose();
            DriverRegistry.Unregister("postgresql", "pgmock");
        }
    }

    [Theory]
    [InlineData("postgresql", "npgsql", "Npgsql")]
    [InlineData("sqlite", "microsoft", "Microsoft.Data.Sqlite")]
    public void A_missing_known_driver_names_the_package_to_add(string dbms, string driver, string package)
    {
        string message = DriverRegistry.MissingDriverMessage(dbms, driver);

        Assert.Contains($"dotnet add package {package}", message, StringComparison.Ordinal);
        Assert.Contains($"'{dbms}+{driver}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_dsn_is_a_format_exception_without_the_password()
    {
        var error = Assert.Throws<FormatException>(() => Db.Connect("postgresql://me:hunter2-secret@host:99999/db"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("port", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Registering_validates_its_arguments()
    {
        Assert.Throws<ArgumentException>(() => DriverRegistry.Register("", "x", _ => throw new InvalidOperationException()));
        Assert.Throws<ArgumentNullException>(() => DriverRegistry.Register("x", "y", null!));
        Assert.False(DriverRegistry.Unregister("never", "registered"));
        Assert.True(DriverRegistry.IsRegistered("SQLITE", "Microsoft")); // case-insensitive, from TestDrivers
        Assert.IsAssignableFrom<DbDataSource>(DriverRegistry.CreateDataSource(Sqlmint.Dsn.Parse("sqlite://")));
    }
}
