namespace Sqlmint;

/// <summary>
/// A generated method that expects exactly one row (or at most one) saw a different number of rows.
/// </summary>
public sealed class UnexpectedRowCountException : SqlmintException
{
    // The message is concatenated, not $"...": an interpolated string of this many parts is some 500 bytes of
    // native code in a NativeAOT binary.

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The generated method, as <c>Type.Method</c>.</param>
    /// <param name="expected">What the method's return type allows, such as "exactly one row".</param>
    /// <param name="found">What the query returned, such as "no rows" or "more than one row".</param>
    public UnexpectedRowCountException(string method, string expected, string found)
        : base(method + " expected " + expected + ", but the query returned " + found + ".")
    {
        Method = method;
        Expected = expected;
        Found = found;
    }

    /// <summary>The generated method, as <c>Type.Method</c>.</summary>
    public string Method { get; }

    /// <summary>What the method's return type allows.</summary>
    public string Expected { get; }

    /// <summary>What the query returned.</summary>
    public string Found { get; }
}
