using System.Data.Common;

namespace Sqlmint.IntegrationTests.Fixtures;

/// <summary>
/// Base of the database-neutral integration tests: each test gets its own writable Chinook database
/// (<see cref="ChinookDatabase"/>) and an open <see cref="Connection"/> to it. A test class is written once,
/// abstract, and run on every database system by one small sealed subclass per database system.
/// </summary>
public abstract class ChinookTest(Dbms dbms) : IAsyncLifetime
{
    ChinookDatabase? _database;
    DbConnection? _connection;

    protected Dbms Dbms { get; } = dbms;

    /// <summary>The test's database, for setup and for extra connections.</summary>
    protected ChinookDatabase Database => _database ?? throw new InvalidOperationException("Not initialised yet.");

    /// <summary>An open connection to the test's private database.</summary>
    protected DbConnection Connection => _connection ?? throw new InvalidOperationException("Not initialised yet.");

    public async Task InitializeAsync()
    {
        _database = await ChinookDatabase.CreateAsync(Dbms);
        _connection = _database.NewConnection();
        await _connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
