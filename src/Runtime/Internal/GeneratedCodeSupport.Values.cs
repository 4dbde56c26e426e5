using System;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace Sqlmint.Internal;

// Value conversions the drivers do not do, or do silently wrong. Kept apart from the command and error helpers:
// these run per value, so each is small enough for the JIT to inline, and its rare path is a separate method.
public static partial class GeneratedCodeSupport
{
    // ---- Unsigned integers ----
    // PostgreSQL has no unsigned types and Npgsql will not write or read them: the generated code sends ushort as
    // int and uint as long (every driver takes those), and reads them back with a checked narrowing. ulong needs
    // the driver: Microsoft.Data.Sqlite stores one above long.MaxValue as the same 64 bits of a signed integer,
    // while PostgreSQL keeps it in numeric(20).

    /// <summary>Sets a ulong parameter: a long when it fits, else the driver's form (see the remarks in the source).</summary>
    public static void SetUInt64(DbParameter parameter, ulong? value) =>
        SetValue(parameter, value is not { } number ? null
            : number <= long.MaxValue ? (long)number
            : IsSqlite(parameter) ? unchecked((long)number)
            : (decimal)number,
            DbType.Decimal);

    /// <summary>Reads a ulong from a numeric column, or from an integer one (SQLite's 64 bits included).</summary>
    public static ulong ReadUInt64(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) == typeof(decimal))
        {
            return checked((ulong)reader.GetDecimal(ordinal));
        }

        long value = reader.GetInt64(ordinal);
        return value >= 0 || IsSqlite(reader)
            ? unchecked((ulong)value)
            : throw new OverflowException($"The value {value.ToString(CultureInfo.InvariantCulture)} is negative.");
    }

    private static bool IsSqlite(object driverObject) => driverObject.GetType().Namespace == "Microsoft.Data.Sqlite";

    // ---- SQLite's silent conversions ----
    // Microsoft.Data.Sqlite's typed getters apply SQLite's own conversion: text such as 'abc' (or a blob) read as a
    // number gives 0, and as a bool gives false, instead of failing. Zero and false are the only values that
    // conversion makes up, so only then is the stored value looked at. Emitted only when the project references
    // Microsoft.Data.Sqlite; Npgsql's getters already throw on text.

    /// <summary>GetInt64, failing on text that is not a number instead of returning 0.</summary>
    public static long ReadInt64(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetInt64(ordinal), reader, ordinal);

    /// <summary>GetInt32, failing on text that is not a number instead of returning 0.</summary>
    public static int ReadInt32(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetInt32(ordinal), reader, ordinal);

    /// <summary>GetInt16, failing on text that is not a number instead of returning 0.</summary>
    public static short ReadInt16(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetInt16(ordinal), reader, ordinal);

    /// <summary>GetByte, failing on text that is not a number instead of returning 0.</summary>
    public static byte ReadByte(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetByte(ordinal), reader, ordinal);

    /// <summary>GetDouble, failing on text that is not a number instead of returning 0.</summary>
    public static double ReadDouble(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetDouble(ordinal), reader, ordinal);

    /// <summary>GetFloat, failing on text that is not a number instead of returning 0.</summary>
    public static float ReadSingle(DbDataReader reader, int ordinal) => NotMadeUp(reader.GetFloat(ordinal), reader, ordinal);

    // A zero may be SQLite's conversion of text or a blob: only then is the stored value looked at.
    private static T NotMadeUp<T>(T value, DbDataReader reader, int ordinal)
        where T : INumberBase<T>
    {
        if (T.IsZero(value))
        {
            RequireNumber(reader, ordinal);
        }

        return value;
    }

    /// <summary>
    /// GetDecimal, without Microsoft.Data.Sqlite's detour through text for a REAL value: its GetDecimal formats the
    /// double as text (15 significant digits) and parses that back, where the direct conversion rounds to the same 15
    /// digits with no string. A decimal stored as text (the exact form) still goes through GetDecimal.
    /// </summary>
    /// <remarks>
    /// The storage class comes from GetValue (a boxed double, 24 bytes) rather than GetFieldType: the reader's first
    /// GetFieldType allocates a per-reader cache of 96 bytes for a 9-column row, more than the 32-byte string it saves
    /// on a single-row read.
    /// </remarks>
    public static decimal ReadDecimal(DbDataReader reader, int ordinal) =>
        IsSqliteReader(reader) && reader.GetValue(ordinal) is double real ? (decimal)real : reader.GetDecimal(ordinal);

    // Only SQLite's reader gets the shortcut: Npgsql refuses a double precision column read as decimal, and so must
    // the generated code, whichever drivers the project references. The type is remembered after the first match.
    private static Type? s_sqliteReader;

    private static bool IsSqliteReader(DbDataReader reader)
    {
        Type type = reader.GetType();
        if (type == s_sqliteReader)
        {
            return true;
        }

        if (!IsSqlite(reader))
        {
            return false;
        }

        s_sqliteReader = type;
        return true;
    }

    /// <summary>GetBoolean, reading the text 'true' and 'false' and failing on other text instead of returning false.</summary>
    public static bool ReadBoolean(DbDataReader reader, int ordinal) =>
        reader.GetBoolean(ordinal) || TextBoolean(reader, ordinal);

    private static void RequireNumber(DbDataReader reader, int ordinal)
    {
        Type type = reader.GetFieldType(ordinal);
        if (type == typeof(string))
        {
            if (!double.TryParse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new InvalidCastException("The value is text that is not a number.");
            }
        }
        else if (type == typeof(byte[]))
        {
            throw new InvalidCastException("The value is a blob, not a number.");
        }
    }

    private static bool TextBoolean(DbDataReader reader, int ordinal)
    {
        Type type = reader.GetFieldType(ordinal);
        if (type == typeof(string))
        {
            string text = reader.GetString(ordinal).Trim();
            if (bool.TryParse(text, out bool parsed))
            {
                return parsed;
            }

            RequireNumber(reader, ordinal); // '0' is false; other text fails
        }
        else if (type == typeof(byte[]))
        {
            RequireNumber(reader, ordinal);
        }

        return false;
    }
}
