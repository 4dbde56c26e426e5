using System;

namespace Sqlmint;

/// <summary>
/// Names the column that fills a member or constructor parameter, when the name-based match
/// (case-insensitive, <c>snake_case</c> = <c>PascalCase</c>) is not what you want.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class ColumnAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The column name, compared the same way as member names.</param>
    public ColumnAttribute(string name) => Name = name;

    /// <summary>The column name.</summary>
    public string Name { get; }
}
