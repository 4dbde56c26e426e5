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

/// <summary>Walks over token lists; shared by the statement analyzer and the schema checker.</summary>
internal static class SqlTokens
{
    /// <summary>
    /// From an opener at <paramref name="open"/>, the index just past its closer (or <paramref name="end"/>, or the
    /// first token that leaves the opener's depth). Adds the tokens it visits to <paramref name="steps"/>.
    /// </summary>
    public static int SkipGroup(System.Collections.Generic.List<SqlToken> tokens, int open, int end, ref long steps)
    {
        int depth = tokens[open].Depth;
        for (int k = open + 1; k < end; k++)
        {
            steps++;
            SqlToken token = tokens[k];
            if (token.Depth < depth)
            {
                return k;
            }

            if (token.Depth == depth && token.Kind == SqlTokenKind.CloseParen)
            {
                return k + 1;
            }
        }

        return end;
    }
}
