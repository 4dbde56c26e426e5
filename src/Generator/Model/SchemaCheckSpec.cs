namespace Sqlmint.Generator.Model;

/// <summary>
/// What schema validation needs from one method, as plain data: the SQL, where it sits in the source, and the
/// members its result columns fill. Kept apart from <see cref="MethodSpec"/> so that editing a schema file
/// re-runs only the schema checks, never the emitter.
/// </summary>
internal sealed record SchemaCheckSpec(string DisplayName, string Sql, SqlLocationSpec Location, EquatableArray<ResultMemberSpec> Members);

/// <summary>
/// Where a SQL string sits in the source, so an offset in the SQL can become a location: precise when the
/// literal's text equals its value on one line, else the whole argument.
/// </summary>
internal sealed record SqlLocationSpec(LocationInfo? Argument, int ValueStart, int StartLine, int StartCharacter)
{
    public LocationInfo? Locate(string sql, int offset, int length)
    {
        if (Argument is null || ValueStart < 0 || sql.IndexOf('\n', 0, System.Math.Min(sql.Length, offset + length)) >= 0)
        {
            return Argument;
        }

        return new LocationInfo(Argument.FilePath, ValueStart + offset, length, StartLine, StartCharacter + offset, StartLine, StartCharacter + offset + length);
    }
}

/// <summary>A member a result column fills: its column key (lower case, no underscores; "#0" for a scalar) and nullability.</summary>
internal sealed record ResultMemberSpec(string ColumnKey, string MemberName, bool IsNullable, string Type);

/// <summary>One .sql file listed as an AdditionalFile.</summary>
internal sealed record SchemaFile(string Path, string Text);
