using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Parsing;
using Sqlmint.Generator.Sql;

namespace Sqlmint.Generator;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// Symbols → model. Everything the emitter needs is decided here and projected into plain strings, so the
    /// model can be cached and the emitter stays a pure function. Anything the generator cannot handle becomes
    /// an error diagnostic and no code, never code that fails at run time.
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CommandKind kind, CancellationToken cancellationToken)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var state = new State(method, syntax, context.SemanticModel.Compilation);
            MethodSpec? spec = ParseMethod(state, context.Attributes, kind, cancellationToken);
            return new ParseResult(state.HasErrors ? null : spec, state.Diagnostics.ToEquatableArray());
        }

        private static MethodSpec? ParseMethod(State state, IReadOnlyList<AttributeData> attributes, CommandKind kind, CancellationToken cancellationToken)
        {
            IMethodSymbol method = state.Method;
            MethodDeclarationSyntax syntax = state.Syntax;
            LocationInfo? methodLocation = LocationInfo.From(syntax.Identifier.GetLocation());

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null
                || method.PartialImplementationPart is not null)
            {
                state.Report(Descriptors.MethodNotPartial, methodLocation, state.DisplayName);
                return null;
            }

            ContainingTypeSpec? containingType = ParseContainingType(state);
            if (containingType is null)
            {
                return null;
            }

            if (method.IsGenericMethod)
            {
                state.Report(Descriptors.UnsupportedMethodForm, methodLocation, state.DisplayName, "generic methods are not supported; use a concrete row type");
            }

            if (attributes.Count == 0 || attributes[0].ConstructorArguments.Length != 1 || attributes[0].ConstructorArguments[0].Value is not string sql)
            {
                // The attribute itself does not compile (the compiler reports that); there is nothing to generate.
                state.HasErrors = true;
                return null;
            }

            SqlLiteralMap sqlMap = SqlLiteralMap.From(attributes[0], syntax, cancellationToken);
            SqlScanResult scan = SqlScanner.Scan(sql);
            if (scan.Problems.Count > 0)
            {
                SqlScanProblem problem = scan.Problems[0];
                state.Report(Descriptors.MalformedSql, sqlMap.Locate(problem.Offset, 1), state.DisplayName, problem.Message);
            }
            else if (scan.StatementCount == 0)
            {
                state.Report(Descriptors.EmptySql, sqlMap.Locate(0, 0), state.DisplayName);
            }

            var parameters = new List<MethodParameterSpec>();
            var valueParameters = new List<IParameterSymbol>();
            var connections = new List<IParameterSymbol>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                parameters.Add(new MethodParameterSpec(Identifier(parameter.Name), parameter.Type.ToDisplayString(s_typeFormat), method.IsExtensionMethod && parameter.Ordinal == 0));
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    state.Report(Descriptors.UnsupportedMethodForm, LocationInfo.From(parameter.Locations.FirstOrDefault()), state.DisplayName,
                        $"parameter '{parameter.Name}' is declared '{(parameter.IsParams ? "params" : parameter.RefKind.ToString().ToLowerInvariant())}'; pass it by value");
                    continue;
                }

                if (ConnectionSourceOf(parameter.Type) is not null)
                {
                    connections.Add(parameter);
                }
                else if (!IsCancellationToken(parameter.Type))
                {
                    valueParameters.Add(parameter);
                }
            }

            string? connectionExpression = null;
            string? transactionExpression = null;
            string connectionParameter = string.Empty;
            if (connections.Count == 0)
            {
                state.Report(Descriptors.MissingConnection, methodLocation, state.DisplayName);
            }
            else if (connections.Count > 1)
            {
                state.Report(Descriptors.AmbiguousConnection, LocationInfo.From(connections[1].Locations.FirstOrDefault()), state.DisplayName,
                    string.Join(", ", connections.Select(c => c.Name)));
            }
            else
            {
                connectionParameter = Identifier(connections[0].Name);
                (connectionExpression, transactionExpression) = Expressions(ConnectionSourceOf(connections[0].Type)!.Value, connectionParameter);
            }

            EquatableArray<ParameterBindingSpec> bindings = BindParameters(state, scan, sqlMap, valueParameters);

            (ResultShape shape, RowSpec? row) = ParseReturn(state, kind, methodLocation);

            if (state.HasErrors || connectionExpression is null)
            {
                return null;
            }

            return new MethodSpec(
                containingType,
                Identifier(method.Name),
                string.Join(" ", syntax.Modifiers.Select(m => m.Text)),
                method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat),
                parameters.ToEquatableArray(),
                state.DisplayName,
                connectionParameter,
                connectionExpression,
                transactionExpression,
                sql,
                bindings,
                shape,
                row);
        }

        private static ContainingTypeSpec? ParseContainingType(State state)
        {
            var declarations = new List<TypeDeclarationSpec>();
            for (SyntaxNode? node = state.Syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is not TypeDeclarationSyntax type)
                {
                    continue;
                }

                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    state.Report(Descriptors.TypeNotPartial, LocationInfo.From(type.Identifier.GetLocation()), type.Identifier.Text, state.DisplayName);
                    return null;
                }

                string keyword = type switch
                {
                    RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                    RecordDeclarationSyntax => "record",
                    StructDeclarationSyntax => "struct",
                    InterfaceDeclarationSyntax => "interface",
                    _ => "class",
                };
                string typeParameters = type.TypeParameterList?.WithoutTrivia().ToFullString() ?? string.Empty;
                declarations.Insert(0, new TypeDeclarationSpec(keyword, type.Identifier.Text + typeParameters));
            }

            INamespaceSymbol ns = state.Method.ContainingType.ContainingNamespace;
            string? namespaceName = ns.IsGlobalNamespace ? null : ns.ToDisplayString();
            string hint = string.Join(".", declarations.Select(d => d.NameWithTypeParameters.Split('<')[0]
                + (d.NameWithTypeParameters.Contains("<") ? "_" + (d.NameWithTypeParameters.Count(c => c == ',') + 1) : string.Empty)));
            string hintName = (namespaceName is null ? hint : namespaceName + "." + hint) + ".g.cs";
            return new ContainingTypeSpec(namespaceName, declarations.ToEquatableArray(), hintName);
        }

        private static EquatableArray<ParameterBindingSpec> BindParameters(
            State state, SqlScanResult scan, SqlLiteralMap sqlMap, List<IParameterSymbol> valueParameters)
        {
            var bindings = new List<ParameterBindingSpec>();
            var used = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SqlParameterToken token in scan.Parameters)
            {
                if (!seen.Add(token.Name))
                {
                    continue;
                }

                IParameterSymbol? parameter = valueParameters.FirstOrDefault(p => string.Equals(p.Name, token.Name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    state.Report(Descriptors.UnboundSqlParameter, sqlMap.Locate(token.Offset, token.Length), token.Name, state.DisplayName);
                    continue;
                }

                used.Add(parameter);
                if (!TypeFacts.TryGetParameterValue(parameter.Type, Identifier(parameter.Name), out string? expression, out bool isNullable))
                {
                    // Reported once per parameter, below.
                    continue;
                }

                bindings.Add(new ParameterBindingSpec("@" + token.Name, expression!, isNullable));
            }

            foreach (IParameterSymbol parameter in valueParameters)
            {
                LocationInfo? location = LocationInfo.From(parameter.Locations.FirstOrDefault());
                if (!used.Contains(parameter))
                {
                    state.Report(Descriptors.UnusedMethodParameter, location, parameter.Name, state.DisplayName);
                }
                else if (!TypeFacts.TryGetParameterValue(parameter.Type, parameter.Name, out _, out _))
                {
                    state.Report(Descriptors.UnsupportedParameterType, location, parameter.Name, state.DisplayName, parameter.Type.ToDisplayString());
                }
            }

            return bindings.ToEquatableArray();
        }

        private static (ResultShape Shape, RowSpec? Row) ParseReturn(State state, CommandKind kind, LocationInfo? methodLocation)
        {
            IMethodSymbol method = state.Method;
            LocationInfo? location = LocationInfo.From(state.Syntax.ReturnType.GetLocation()) ?? methodLocation;
            string returnDisplay = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString();

            if (kind == CommandKind.Execute)
            {
                if (method.ReturnsVoid)
                {
                    return (ResultShape.ExecuteVoid, null);
                }

                if (method.ReturnType.SpecialType == SpecialType.System_Int32)
                {
                    return (ResultShape.ExecuteRowCount, null);
                }

                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName,
                    "an [Execute] method returns int (rows affected) or void; use [Query] to read rows");
                return default;
            }

            if (method.ReturnsVoid)
            {
                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName,
                    "a [Query] method must return its rows; use [Execute] for a command that returns none");
                return default;
            }

            ITypeSymbol type = method.ReturnType;
            if (TypeFacts.IsAsyncWrapper(type))
            {
                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName,
                    "async return types (Task, ValueTask, IAsyncEnumerable) are not supported yet; return the result synchronously");
                return default;
            }

            if (TypeFacts.TryGetListElement(type, out ITypeSymbol? element, out bool isArray))
            {
                RowSpec? row = ParseRow(state, element!, location);
                return (isArray ? ResultShape.Array : ResultShape.List, row);
            }

            if (TypeFacts.IsOtherCollection(type))
            {
                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName,
                    "return the rows as List<T>, IReadOnlyList<T>, IEnumerable<T> or T[]");
                return default;
            }

            if (TypeFacts.TryGetColumnRead(type, out ColumnReadSpec? scalar))
            {
                return (ResultShape.Scalar, new RowSpec(scalar!.Type, true, scalar, default, default, default));
            }

            bool nullable = type.NullableAnnotation == NullableAnnotation.Annotated;
            ITypeSymbol rowType = TypeFacts.UnwrapNullable(type);
            RowSpec? single = ParseRow(state, rowType, location);
            return (nullable ? ResultShape.SingleOrNone : ResultShape.Single, single);
        }

        private static RowSpec? ParseRow(State state, ITypeSymbol type, LocationInfo? location)
        {
            if (TypeFacts.TryGetColumnRead(type, out ColumnReadSpec? scalar))
            {
                return new RowSpec(scalar!.Type, true, scalar, default, default, default);
            }

            string typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeFormat);
            string display = type.ToDisplayString();
            string? problem = RowFacts.Describe(type, state.Method.ContainingType, state.Compilation, out RowFacts.RowBinding binding);
            if (problem is not null)
            {
                state.Report(Descriptors.RowTypeNotMaterializable, location, display, state.DisplayName, problem);
                return null;
            }

            return new RowSpec(
                typeName,
                false,
                null,
                binding.ConstructorArguments.ToEquatableArray(),
                binding.InitMembers.ToEquatableArray(),
                binding.SettableMembers.ToEquatableArray());
        }

        /// <summary>What kind of connection source a parameter type is, if any.</summary>
        private static ConnectionSource? ConnectionSourceOf(ITypeSymbol type)
        {
            if (type is { Name: "Session", ContainingNamespace: { Name: "Sqlmint", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return ConnectionSource.Session;
            }

            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (current is { ContainingNamespace: { Name: "Common", ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
                {
                    if (current.Name == "DbConnection")
                    {
                        return ConnectionSource.Connection;
                    }

                    if (current.Name == "DbTransaction")
                    {
                        return ConnectionSource.Transaction;
                    }
                }
            }

            return null;
        }

        private enum ConnectionSource
        {
            Connection,
            Session,
            Transaction,
        }

        private static bool IsCancellationToken(ITypeSymbol type) =>
            type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static (string Connection, string? Transaction) Expressions(ConnectionSource source, string name) => source switch
        {
            // A session's commands join its transaction; a transaction's commands run on its connection.
            ConnectionSource.Session => (name + ".Connection", name + ".Transaction"),
            ConnectionSource.Transaction => ($"global::Sqlmint.Internal.GeneratedCodeSupport.ConnectionOf({name})", name),
            _ => (name, null),
        };

        /// <summary>Escapes a name that is a C# keyword, so a parameter called <c>@class</c> round-trips.</summary>
        internal static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Per-method parse state: the inputs, and the diagnostics found so far.</summary>
        private sealed class State
        {
            public State(IMethodSymbol method, MethodDeclarationSyntax syntax, Compilation compilation)
            {
                Method = method;
                Syntax = syntax;
                Compilation = compilation;
                DisplayName = method.ContainingType.Name + "." + method.Name;
            }

            public IMethodSymbol Method { get; }

            public MethodDeclarationSyntax Syntax { get; }

            public Compilation Compilation { get; }

            public string DisplayName { get; }

            public List<DiagnosticInfo> Diagnostics { get; } = new();

            public bool HasErrors { get; set; }

            public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
            {
                Diagnostics.Add(new DiagnosticInfo(descriptor.Id, location, arguments.ToEquatableArray()));
                if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                {
                    HasErrors = true;
                }
            }
        }
    }
}
