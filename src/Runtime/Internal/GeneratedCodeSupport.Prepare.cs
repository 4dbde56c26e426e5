using System;
using System.Data.Common;

namespace Sqlmint.Internal;

public static partial class GeneratedCodeSupport
{
    /// <summary>
    /// Whether a generated method prepares its fixed statement on this Npgsql connection (the generated code checks
    /// that it is one): yes unless <see cref="Db.PrepareStatements"/> is off or the connection string turns on
    /// Npgsql's multiplexing, which does not support explicit preparation.
    /// </summary>
    /// <remarks>
    /// A search for the key, not a parse, on every call: no cache to go stale, and apps with a writer and a reader
    /// data source (docs/scaling.md) alternate between connection strings. Only a string that names the key is parsed.
    /// </remarks>
    public static bool Prepares(DbConnection connection)
    {
        if (!Db.PrepareStatements)
        {
            return false;
        }

        string connectionString = connection.ConnectionString;
        return !connectionString.Contains("multiplexing", StringComparison.OrdinalIgnoreCase) || !Multiplexes(connectionString);
    }

    // Npgsql's UnprepareAll, registered by the generated driver registration (the runtime does not reference Npgsql).
    private static Action<DbConnection>? s_unprepareAll;

    /// <summary>Called by the generated driver registration: how to make the driver forget its prepared statements.</summary>
    public static void RegisterUnprepareAll(Action<DbConnection> unprepareAll) => s_unprepareAll = unprepareAll;

    /// <summary>
    /// After raw SQL that may have dropped the server's prepared statements (<c>DISCARD ALL</c>, <c>DEALLOCATE</c>),
    /// makes the driver forget them too. Npgsql does not notice on its own: it would keep sending the dropped names,
    /// and every later call of a prepared method on that connection would fail with 26000 ("prepared statement does
    /// not exist"). The text test is loose on purpose; forgetting costs only one new prepare per statement.
    /// </summary>
    internal static void AfterRawSql(DbConnection connection, string sql)
    {
        if (s_unprepareAll is { } unprepareAll
            && (sql.Contains("discard", StringComparison.OrdinalIgnoreCase) || sql.Contains("deallocate", StringComparison.OrdinalIgnoreCase))
            && connection.State == System.Data.ConnectionState.Open
            && Prepares(connection))
        {
            try
            {
                unprepareAll(connection);
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException)
            {
                // Runs in the caller's finally: the raw SQL's own result or error is what the caller must see. A
                // connection that cannot take the driver's Close messages is broken, and its next use fails anyway.
            }
        }
    }

    private static bool Multiplexes(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.TryGetValue("Multiplexing", out object? value)
                && bool.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out bool multiplexing)
                && multiplexing;
        }
        catch (ArgumentException)
        {
            // The driver accepted the string, so this does not happen; if it did, not preparing is the safe answer.
            return true;
        }
    }
}
