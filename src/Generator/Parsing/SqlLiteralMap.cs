using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Parsing;

/// <summary>
/// Maps an offset in the SQL text back to the source, so a diagnostic points at the offending <c>@name</c>
/// inside the string literal. When the literal's text and value differ (escapes, a constant defined
/// elsewhere, a multi-line raw string), it points at the whole argument instead.
/// </summary>
internal readonly struct SqlLiteralMap
{
    private readonly SyntaxTree? _tree;
    private readonly TextSpan _argument;
    private readonly int _valueStart; // source position of SQL offset 0, or -1 when offsets cannot be mapped

    private SqlLiteralMap(SyntaxTree? tree, TextSpan argument, int valueStart)
    {
        _tree = tree;
        _argument = argument;
        _valueStart = valueStart;
    }

    public static SqlLiteralMap From(AttributeData attribute, SyntaxNode fallback, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax)
        {
            return new SqlLiteralMap(fallback.SyntaxTree, fallback.Span, -1);
        }

        ExpressionSyntax expression = syntax.ArgumentList.Arguments[0].Expression;
        int valueStart = -1;
        if (expression is LiteralExpressionSyntax { Token: var literal }
            && (literal.IsKind(SyntaxKind.StringLiteralToken) || literal.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)))
        {
            string text = literal.Text;
            string value = literal.ValueText;
            int prefix = text.IndexOf('"');
            while (prefix + 1 < text.Length && text[prefix + 1] == '"' && literal.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
            {
                prefix++;
            }

            // Offsets map one to one only when the literal has no escapes: its text is the value plus quotes.
            int end = prefix + 1 + value.Length;
            if (prefix >= 0 && end <= text.Length && string.CompareOrdinal(text, prefix + 1, value, 0, value.Length) == 0
                && text.Substring(end).Trim('"').Length == 0)
            {
                valueStart = literal.SpanStart + prefix + 1;
            }
        }

        return new SqlLiteralMap(syntax.SyntaxTree, expression.Span, valueStart);
    }

    /// <summary>The same mapping as plain data, for checks that run later in the pipeline.</summary>
    public SqlLocationSpec ToSpec()
    {
        LocationInfo? argument = _tree is null ? null : LocationInfo.From(Location.Create(_tree, _argument));
        if (_tree is null || _valueStart < 0)
        {
            return new SqlLocationSpec(argument, -1, 0, 0);
        }

        LinePosition start = _tree.GetLineSpan(new TextSpan(_valueStart, 0)).StartLinePosition;
        return new SqlLocationSpec(argument, _valueStart, start.Line, start.Character);
    }

    public LocationInfo? Locate(int offset, int length)
    {
        if (_tree is null)
        {
            return null;
        }

        TextSpan span = _valueStart >= 0 ? new TextSpan(_valueStart + offset, length) : _argument;
        return LocationInfo.From(Location.Create(_tree, span));
    }
}
