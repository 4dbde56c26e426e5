namespace Sqlmint.Generator.Model;

// The model is what the pipeline caches. Every type here is a sealed record of strings, enums, bools and
// equatable arrays, so two parses of the same source compare equal and the emitter is skipped. Nothing
// here may hold an ISymbol, SyntaxNode, Location or Compilation (a model-shape test enforces it).

/// <summary>What the generator learned about one annotated method, or why it could not.</summary>
internal sealed record ParseResult(MethodSpec? Method, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One generated method: its signature, its command, and how to read the result.</summary>
internal sealed record MethodSpec(
    ContainingTypeSpec ContainingType,
    string Name,
    string Modifiers,
    string ReturnType,
    EquatableArray<MethodParameterSpec> Parameters,
    string DisplayName,
    string ConnectionParameter,
    string ConnectionExpression,
    string? TransactionExpression,
    string Sql,
    EquatableArray<ParameterBindingSpec> Bindings,
    ResultShape Shape,
    RowSpec? Row);

/// <summary>The type (and the types around it) that the partial method lives in.</summary>
internal sealed record ContainingTypeSpec(string? Namespace, EquatableArray<TypeDeclarationSpec> Declarations, string HintName);

/// <summary>One level of a (possibly nested) type declaration, outermost first.</summary>
internal sealed record TypeDeclarationSpec(string Keyword, string NameWithTypeParameters);

/// <summary>A parameter of the partial method, as it must be re-declared on the implementation.</summary>
internal sealed record MethodParameterSpec(string Name, string Type, bool IsThis);

/// <summary>One SQL parameter as sent to the driver, and the C# expression that gives its value.</summary>
/// <param name="SqlName">The name as written in the SQL, with its '@'.</param>
/// <param name="ValueExpression">The C# expression for the value (enums already cast to their underlying type).</param>
/// <param name="IsNullable">The value can be null, which is sent as DBNull.</param>
internal sealed record ParameterBindingSpec(string SqlName, string ValueExpression, bool IsNullable);

/// <summary>What the method returns and how many rows it allows.</summary>
internal enum ResultShape
{
    List,
    Array,
    Single,
    SingleOrNone,
    Scalar,
    ExecuteRowCount,
    ExecuteVoid,
}

/// <summary>Which attribute the method carries.</summary>
internal enum CommandKind
{
    Query,
    Execute,
}
