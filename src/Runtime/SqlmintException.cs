using System;

namespace Sqlmint;

/// <summary>The base type of the errors Sqlmint itself raises (driver errors pass through unchanged).</summary>
public class SqlmintException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqlmintException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public SqlmintException(string message, Exception? innerException) : base(message, innerException) { }
}
