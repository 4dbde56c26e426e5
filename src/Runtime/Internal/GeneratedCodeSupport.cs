using System;
using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Text;

namespace Sqlmint.Internal;

/// <summary>
/// Helpers that generated methods call. Public only because the generated code lives in the user's assembly;
/// not part of the supported API and may change between versions.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedCodeSupport
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
                $"{method}: no column in the result set matches member '{member}'. Columns: {DescribeColumns(reader)}.");
        }

        return ordinal;
    }

    /// <summary>The connection of a transaction passed as a connection source; a finished transaction has none.</summary>
    public static DbConnection ConnectionOf(DbTransaction transaction) =>
        transaction.Connection ?? throw new InvalidOperationException(
            "The transaction has already been committed or rolled back, so it has no connection to run the command on.");

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

    /// <summary>
    /// True for the exceptions a typed getter throws when a value does not fit its member
    /// (NULL into a non-nullable member, a text column into a number, an overflow).
    /// </summary>
    public static bool IsReadError(Exception exception) =>
        exception is InvalidCastException or InvalidOperationException or FormatException or OverflowException or NullReferenceException;

    /// <summary>
    /// Turns a getter failure into an error that names the method and the column. Runs only on the failure
    /// path, so the row loop itself pays nothing for it.
    /// </summary>
    public static ColumnMappingException ReadError(Exception exception, DbDataReader reader, string method, string[] members, int[] ordinals)
    {
        string? column = null;
        string? member = null;
        if (!reader.IsClosed)
        {
            for (int i = 0; i < ordinals.Length && i < members.Length; i++)
            {
                int ordinal = ordinals[i];
                if (ordinal >= 0 && ordinal < reader.FieldCount && SafeIsNull(reader, ordinal))
                {
                    column = reader.GetName(ordinal);
                    member = members[i];
                    break;
                }
            }
        }

        string detail = column is null
            ? exception.Message
            : $"column '{column}' is NULL but member '{member}' is not nullable; declare it nullable or filter the NULLs in SQL.";
        return new ColumnMappingException(method, column, $"{method}: cannot read the row: {detail}", exception);
    }

    /// <summary>The error for a non-nullable scalar result that is NULL.</summary>
    public static ColumnMappingException NullScalar(string method, string type) =>
        new(method, null, $"{method}: the query returned NULL, but the return type '{type}' is not nullable; declare it '{type}?'.");

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
