using Microsoft.Data.Sqlite;
using Sqlmint.Testing;

namespace Sqlmint.IntegrationTests.Sqlite;

/// <summary>A private, writable copy of the Chinook SQLite database for each test.</summary>
public abstract class SqliteTest : IDisposable
{
    protected SqliteTest()
    {
        Path = ChinookLoader.CopyOfSqliteChinook();
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        Connection = new SqliteConnection(ConnectionString);
        Connection.Open();
    }

    protected string Path { get; }

    protected string ConnectionString { get; }

    protected SqliteConnection Connection { get; }

    public void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }
}
