using Microsoft.CodeAnalysis;

namespace Sqlmint.Generator.Model;

/// <summary>
/// A diagnostic as plain data (descriptor id, location, message arguments), so it can travel through the
/// incremental pipeline and be compared by value.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic(System.Collections.Generic.IReadOnlyDictionary<string, SyntaxTree> trees) => Diagnostic.Create(
        QueryGenerator.Descriptors.ById(Id),
        Location?.ToLocation(trees),
        messageArgs: System.Linq.Enumerable.ToArray<object?>(Arguments));
}
