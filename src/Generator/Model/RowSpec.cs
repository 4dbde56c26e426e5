namespace Sqlmint.Generator.Model;

/// <summary>
/// How one row becomes a value. Either a scalar (column 0) or an object built by constructor arguments
/// and member assignments, each matched to a column by name once per result set.
/// </summary>
/// <param name="IsTuple">A value tuple: element i is column i, by position.</param>
internal sealed record RowSpec(
    string Type,
    bool IsScalar,
    bool IsTuple,
    ColumnReadSpec? Scalar,
    EquatableArray<ColumnMemberSpec> ConstructorArguments,
    EquatableArray<ColumnMemberSpec> InitMembers,
    EquatableArray<ColumnMemberSpec> SettableMembers);

/// <summary>A constructor parameter or member filled from a column.</summary>
/// <param name="MemberName">The C# name, used in code and in error messages.</param>
/// <param name="ColumnKey">The name lower-cased with underscores removed; the runtime compares column names the same way.</param>
/// <param name="Read">How to read the column.</param>
internal sealed record ColumnMemberSpec(string MemberName, string ColumnKey, ColumnReadSpec Read);

/// <summary>How to read one column with a typed getter.</summary>
/// <param name="Type">The C# type of the value, global::-qualified, with nullability.</param>
/// <param name="Getter">
/// The getter call without the ordinal, such as <c>GetInt64</c> or <c>GetFieldValue&lt;global::System.DateOnly&gt;</c>;
/// <c>ReadUInt64</c> names GeneratedCodeSupport's helper instead.
/// </param>
/// <param name="Cast">A cast applied to the getter's result (enums, unsigned integers), or null.</param>
/// <param name="CheckedCast">The cast narrows (a ushort or uint read as the wider signed type) and checks for overflow.</param>
/// <param name="IsNullable">NULL is allowed and becomes null/default.</param>
/// <param name="ClrType">The non-nullable type for typeof() in error messages, such as <c>long</c>.</param>
/// <param name="IsEnum">An enum: a text column is parsed by name, a number is cast.</param>
internal sealed record ColumnReadSpec(string Type, string Getter, string? Cast, bool CheckedCast, bool IsNullable, string ClrType, bool IsEnum);
