using System;

namespace Sqlmint;

/// <summary>
/// Marks a <c>partial</c> method whose body Sqlmint generates at build time. The SQL runs as a command
/// that returns no rows; the method returns <see cref="int"/> (rows affected) or <c>void</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ExecuteAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">The SQL text, with <c>@name</c> parameters.</param>
    public ExecuteAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text, with <c>@name</c> parameters.</summary>
    public string Sql { get; }
}
