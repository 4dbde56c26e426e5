namespace Sqlmint.Generator.Sql;

internal enum SqlTokenKind : byte
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Parameter,
    PositionalParameter,

    /// <summary><c>(</c>, or <c>[</c> when it is an array subscript or constructor.</summary>
    OpenParen,

    /// <summary><c>)</c> or <c>]</c>.</summary>
    CloseParen,
    Comma,
    Semicolon,
    Dot,
    Star,
    Cast,
    Operator,
}

/// <summary>
/// A significant token (whitespace and comments are dropped). <see cref="Depth"/> is the bracket depth
/// outside the token: an opener and its closer share the depth of their surroundings.
/// </summary>
internal readonly struct SqlToken
{
    public SqlToken(SqlTokenKind kind, int start, int length, int depth, bool unterminated = false)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Depth = depth;
        Unterminated = unterminated;
    }

    public SqlTokenKind Kind { get; }

    public int Start { get; }

    public int Length { get; }

    public int Depth { get; }

    public bool Unterminated { get; }

    public int End => Start + Length;
}
