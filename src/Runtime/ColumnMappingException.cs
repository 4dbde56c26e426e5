namespace Sqlmint;

/// <summary>
/// A result set could not be mapped to a generated method's row type: a required column is missing,
/// or a column's value cannot be read as its member's type (for example NULL into a non-nullable member).
/// </summary>
public sealed class ColumnMappingException : SqlmintException
{
    /// <summary>Creates the exception.</summary>
    public ColumnMappingException(string method, string? column, string message, System.Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Column = column;
    }

    /// <summary>The generated method, as <c>Type.Method</c>.</summary>
    public string Method { get; }

    /// <summary>The column involved, when known.</summary>
    public string? Column { get; }
}
