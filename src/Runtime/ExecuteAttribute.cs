using System;

namespace Sqlmint;

/// <summary>
/// Marks a <c>partial</c> method whose body Sqlmint generates at build time. The SQL runs as a command
/// that returns no rows; the method returns <see cref="int"/> (rows affected) or <c>void</c>, or their
/// <c>Task</c>/<c>ValueTask</c> forms. With an <c>IEnumerable&lt;TItem&gt;</c> parameter it runs once per item
/// (execute-many), binding <c>@name</c> to the item's members, and returns the total rows affected.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ExecuteAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sql">The SQL text, with <c>@name</c> parameters.</param>
    public ExecuteAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text, with <c>@name</c> parameters.</summary>
    public string Sql { get; }

    /// <summary>The command timeout in seconds; 0 (the default) keeps the driver's default.</summary>
    public int CommandTimeout { get; set; }

    /// <summary>Text (the default) or a stored procedure name.</summary>
    public System.Data.CommandType CommandType { get; set; } = System.Data.CommandType.Text;
}
