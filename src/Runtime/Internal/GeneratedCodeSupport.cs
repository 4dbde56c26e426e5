using System;
using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Sqlmint.Internal;

/// <summary>
/// Helpers that generated methods call. Public only because the generated code lives in the user's assembly;
/// not part of the supported API and may change between versions.
/// </summary>
/// <remarks>
/// Error messages are built with string.Format and + rather than <c>$"..."</c>: an interpolated string compiles to
/// inline appends, some 500 bytes of native code per message in a NativeAOT binary, for text only a failure needs.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class GeneratedCodeSupport
{
    /// <summary>
    /// Finds the column for a member: case-insensitive, ignoring underscores, so <c>album_id</c> matches
    /// <c>AlbumId</c>. Returns -1 when no column matches. Called once per result set, never per row.
    /// </summary>
    /// <param name="reader">The open reader, positioned on its result set.</param>
    /// <param name="key">The member name, already lower-cased with underscores removed.</param>
    public static int Ordinal(DbDataReader reader, string key)
    {
        int count = reader.FieldCount;
        for (int i = 0; i < count; i++)
        {
            if (NameMatches(reader.GetName(i), key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Like <see cref="Ordinal"/>, but a missing column is an error that names the method, the member and
    /// the columns the result set does have.
    /// </summary>
    public static int RequiredOrdinal(DbDataReader reader, string key, string member, string method)
    {
        int ordinal = Ordinal(reader, key);
        if (ordinal < 0)
        {
            throw new ColumnMappingException(
                method,
                null,
                string.Format("{0}: no column in the result set matches member '{1}'. Columns: {2}.", method, member, DescribeColumns(reader)));
        }

        return ordinal;
    }

    /// <summary>The connection of a transaction passed as a connection source; a finished transaction has none.</summary>
    public static DbConnection ConnectionOf(DbTransaction transaction) =>
        transaction.Connection ?? throw new InvalidOperationException(
            "The transaction has already been committed or rolled back, so it has no connection to run the command on.");

    /// <summary>
    /// Checks, once per process, that the columns a method's fixed select list produces are where the build put
    /// them (ordinal -1: no column may match). A mismatch means the driver names columns differently than the SQL
    /// reads; the error lists what it saw.
    /// </summary>
    public static void VerifyOrdinals(DbDataReader reader, string method, string[] keys, string[] members, int[] ordinals)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            int expected = ordinals[i];
            bool matches = expected < 0
                ? Ordinal(reader, keys[i]) < 0
                : expected < reader.FieldCount && NameMatches(reader.GetName(expected), keys[i]);
            if (!matches)
            {
                throw new ColumnMappingException(method, null,
                    string.Format("{0}: member '{1}' was bound at build time to column {2}, but the result set's columns are: {3}.", method, members[i], expected, DescribeColumns(reader)));
            }
        }
    }

    /// <summary>Opens the connection if it is closed, and says whether the caller must close it again.</summary>
    public static bool OpenIfClosed(DbConnection connection)
    {
        if (connection.State == ConnectionState.Open)
        {
            return false;
        }

        connection.Open();
        return true;
    }

    /// <summary>Opens the connection if it is closed, and says whether the caller must close it again.</summary>
    public static async ValueTask<bool> OpenIfClosedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State == ConnectionState.Open)
        {
            return false;
        }

        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Sets a nullable parameter's value. NULL is sent as DBNull with a declared type, so PostgreSQL can type a
    /// parameter that only appears as <c>@x is null</c>; the type is reset when a reused parameter gets a value again.
    /// </summary>
    public static void SetValue(DbParameter parameter, object? value, DbType nullType)
    {
        if (value is null)
        {
            parameter.Value = DBNull.Value;
            parameter.DbType = nullType;
            return;
        }

        if (parameter.Value is DBNull)
        {
            parameter.ResetDbType();
        }

        parameter.Value = value;
    }

    /// <summary>Adds a parameter whose value is a typed NULL (the one parameter of an empty <c>in</c> list's subquery).</summary>
    public static void AddNullParameter(DbCommand command, string name, DbType type)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Undoes an execute-many's items after a failure inside the caller's transaction. Quiet: the original error is
    /// what the caller must see, and a broken connection has nothing left to undo.
    /// </summary>
    public static void RollbackToSavepoint(DbTransaction transaction, string savepoint)
    {
        try
        {
            transaction.Rollback(savepoint);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
        }
    }

    /// <summary>A tuple row binds by position, so the result set needs at least as many columns as the tuple has elements.</summary>
    public static void RequireFieldCount(DbDataReader reader, int count, string method)
    {
        if (reader.FieldCount < count)
        {
            throw new ColumnMappingException(method, null,
                string.Format("{0}: the tuple row has {1} elements, but the result set has {2} columns: {3}.", method, count, reader.FieldCount, DescribeColumns(reader)));
        }
    }

    /// <summary>The error for a tuple return that expects more result sets than the command produced.</summary>
    public static SqlmintException MissingResultSet(string method, int ordinal, int expected) =>
        new(string.Format("{0} expected {1} result sets, but the command produced only {2}; each tuple element reads the next result set.", method, expected, ordinal - 1));

    /// <summary>
    /// True for the exceptions a typed getter throws when a value does not fit its member
    /// (NULL into a non-nullable member, a text column into a number, an overflow).
    /// </summary>
    public static bool IsReadError(Exception exception) =>
        exception is InvalidCastException or InvalidOperationException or FormatException or OverflowException or NullReferenceException;

    /// <summary>
    /// Turns a getter failure into an error that names the method, the column, the member, the expected type and
    /// the actual type. Runs only on the failure path, so the row loop itself pays nothing for it. The probe re-reads
    /// member <c>i</c> from column <c>ordinal</c> with the member's own getter (it throws when that is the value that
    /// failed); it is null for a single column, which is then the one that failed.
    /// </summary>
    public static ColumnMappingException ReadError(Exception exception, DbDataReader reader, string method, string[] members, int[] ordinals, Type[] types, Func<DbDataReader, int, int, object?>? probe)
    {
        if (!reader.IsClosed)
        {
            // A NULL into a non-nullable member is the common case, and certain.
            for (int i = 0; i < ordinals.Length && i < members.Length; i++)
            {
                int ordinal = ordinals[i];
                if (ordinal >= 0 && ordinal < reader.FieldCount && SafeIsNull(reader, ordinal) && !CanRead(probe, reader, i, ordinal))
                {
                    string column = reader.GetName(ordinal);
                    return new ColumnMappingException(method, column,
                        string.Format("{0}: column '{1}' is NULL but member '{2}' ({3}) is not nullable; declare it nullable or filter the NULLs in SQL.", method, column, members[i], TypeName(types[i])),
                        exception);
                }
            }

            // Otherwise re-read each member's column on its own: the one that fails is the culprit.
            for (int i = 0; i < ordinals.Length && i < members.Length && i < types.Length; i++)
            {
                int ordinal = ordinals[i];
                if (ordinal < 0 || ordinal >= reader.FieldCount || CanRead(probe, reader, i, ordinal))
                {
                    continue;
                }

                string column = reader.GetName(ordinal);
                Type? actual = SafeFieldType(reader, ordinal);
                return new ColumnMappingException(method, column,
                    string.Format("{0}: column '{1}' of type {2} cannot be read into member '{3}' of type {4}: {5}", method, column, actual is null ? "unknown" : TypeName(actual), members[i], TypeName(types[i]), exception.Message),
                    exception);
            }
        }

        return new ColumnMappingException(method, null, method + ": cannot read the row: " + exception.Message, exception);
    }

    private static bool CanRead(Func<DbDataReader, int, int, object?>? probe, DbDataReader reader, int index, int ordinal)
    {
        if (probe is null)
        {
            return false; // A single column, read without a probe: it is the one that failed.
        }

        try
        {
            probe(reader, index, ordinal);
            return true;
        }
        catch (Exception exception) when (IsReadError(exception))
        {
            return false;
        }
    }

    /// <summary>The error for a non-nullable scalar result that is NULL.</summary>
    public static ColumnMappingException NullScalar(string method, string type) =>
        new(method, null, string.Format("{0}: the query returned NULL, but the return type '{1}' is not nullable; declare it '{1}?'.", method, type));

    /// <summary>The error for a method that needs a row and got none.</summary>
    public static UnexpectedRowCountException NoRows(string method, string expected) =>
        new(method, expected, "no rows");

    /// <summary>The error for a method that allows at most one row and got more.</summary>
    public static UnexpectedRowCountException TooManyRows(string method, string expected) =>
        new(method, expected, "more than one row");

    private static bool SafeIsNull(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.IsDBNull(ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Type? SafeFieldType(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldType(ordinal);
        }
        catch (Exception exception) when (IsReadError(exception) || exception is NotSupportedException)
        {
            return null;
        }
    }

    private static string TypeName(Type type) => type.FullName ?? type.Name;

    private static bool NameMatches(string column, string key)
    {
        int k = 0;
        foreach (char c in column)
        {
            if (c == '_')
            {
                continue;
            }

            if (k >= key.Length || char.ToLowerInvariant(c) != key[k])
            {
                return false;
            }

            k++;
        }

        return k == key.Length;
    }

    private static string DescribeColumns(DbDataReader reader)
    {
        if (reader.FieldCount == 0)
        {
            return "(none)";
        }

        var text = new StringBuilder();
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(reader.GetName(i));
        }

        return text.ToString();
    }
}
