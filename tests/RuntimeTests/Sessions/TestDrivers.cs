using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sqlmint.RuntimeTests.Sessions;

/// <summary>
/// This test project does not run the generator, so it registers the drivers the way a user registers their
/// own: through <see cref="DriverRegistry.Register"/>. (tests/Integration covers the generated registration.)
/// </summary>
internal static class TestDrivers
{
    [ModuleInitializer]
    internal static void Register()
    {
        DriverRegistry.Register("postgresql", "npgsql", static dsn => NpgsqlDataSource.Create(dsn.ToConnectionString()));
        DriverRegistry.Register("sqlite", "microsoft", static dsn => SqliteFactory.Instance.CreateDataSource(dsn.ToConnectionString()));
    }
}
