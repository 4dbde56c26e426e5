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
    internal static partial class Parser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CommandKind kind, CancellationToken cancellationToken)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var state = new State(method, syntax, context.SemanticModel.Compilation, kind);
            MethodSpec? spec = ParseMethod(state, context.Attributes, cancellationToken);
            return new ParseResult(state.HasErrors ? null : spec, state.Diagnostics.ToEquatableArray(), state.SchemaCheck);
        }

        private static MethodSpec? ParseMethod(State state, IReadOnlyList<AttributeData> attributes, CancellationToken cancellationToken)
        {
            IMethodSymbol method = state.Method;
            MethodDeclarationSyntax syntax = state.Syntax;

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null
                || method.PartialImplementationPart is not null)
            {
                state.Report(Descriptors.MethodNotPartial, state.MethodLocation, state.DisplayName);
                return null;
            }

            ContainingTypeSpec? containingType = ParseContainingType(state);
            if (containingType is null)
            {
                return null;
            }

            if (method.IsGenericMethod)
            {
                state.Report(Descriptors.UnsupportedMethodForm, state.MethodLocation, state.DisplayName, "generic methods are not supported; use a concrete row type");
            }

            if (attributes.Count == 0 || attributes[0].ConstructorArguments.Length != 1 || attributes[0].ConstructorArguments[0].Value is not string sql)
            {
                // The attribute itself does not compile (the compiler reports that); there is nothing to generate.
                state.HasErrors = true;
                return null;
            }

            AttributeOptions options = AttributeOptions.From(attributes[0]);
            state.SqlMap = SqlLiteralMap.From(attributes[0], syntax, cancellationToken);
            SqlScanResult scan = SqlScanner.Scan(sql);
            if (scan.Problems.Count > 0)
            {
                SqlScanProblem problem = scan.Problems[0];
                state.Report(Descriptors.MalformedSql, state.SqlMap.Locate(problem.Offset, 1), state.DisplayName, problem.Message);
            }
            else if (scan.StatementCount == 0)
            {
                state.Report(Descriptors.EmptySql, state.SqlMap.Locate(0, 0), state.DisplayName);
            }

            // Sort the parameters: the connection source, the cancellation token, and the values the SQL uses.
            var parameters = new List<MethodParameterSpec>();
            var values = new List<IParameterSymbol>();
            var connections = new List<(IParameterSymbol Parameter, ConnectionSource Source)>();
            IParameterSymbol? cancellation = null;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    state.Report(Descriptors.UnsupportedMethodForm, LocationOf(parameter), state.DisplayName,
                        $"parameter '{parameter.Name}' is declared '{(parameter.IsParams ? "params" : parameter.RefKind.ToString().ToLowerInvariant())}'; pass it by value");
                    continue;
                }

                if (ConnectionSourceOf(parameter.Type) is { } source)
                {
                    connections.Add((parameter, source));
                }
                else if (IsCancellationToken(parameter.Type))
                {
                    cancellation = parameter;
                }
                else
                {
                    values.Add(parameter);
                }
            }

            (AsyncKind async, ReturnPlan plan) = ParseReturn(state, options);
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                parameters.Add(new MethodParameterSpec(Identifier(parameter.Name), parameter.Type.ToDisplayString(s_typeFormat),
                    method.IsExtensionMethod && parameter.Ordinal == 0));
            }

            ConnectionSpec? connection = ParseConnection(state, connections);
            CheckDuplicateNames(state, values);
            (CommandSpec? command, ExecuteManySpec? executeMany) = BindParameters(state, sql, scan, values, options);
            if (scan.Problems.Count == 0 && options.CommandType == "Text")
            {
                CheckStatements(state, sql, scan, plan.Shape, plan.ResultSets, options);
                state.SchemaCheck = new SchemaCheckSpec(state.DisplayName, sql, state.SqlMap.ToSpec(), ResultMembers(plan.ResultSets));
            }

            if (state.HasErrors || connection is null || command is null || plan.Shape is null)
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
                connection,
                command,
                async,
                cancellation is null ? "default" : Identifier(cancellation.Name),
                plan.Shape.Value,
                plan.ResultSets.ToEquatableArray(),
                executeMany);
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

        /// <summary>
        /// The connection comes from exactly one parameter, or failing that from exactly one field or property of
        /// the containing type (repository classes).
        /// </summary>
        private static ConnectionSpec? ParseConnection(State state, List<(IParameterSymbol Parameter, ConnectionSource Source)> connections)
        {
            if (connections.Count > 1)
            {
                state.Report(Descriptors.AmbiguousConnection, LocationOf(connections[1].Parameter), state.DisplayName,
                    string.Join(", ", connections.Select(c => c.Parameter.Name)));
                return null;
            }

            if (connections.Count == 1)
            {
                string name = Identifier(connections[0].Parameter.Name);
                return Connection(connections[0].Source, name, name);
            }

            var members = new List<(ISymbol Member, ConnectionSource Source)>();
            for (INamedTypeSymbol? type = state.Method.ContainingType; type is not null; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member.IsImplicitlyDeclared || (state.Method.IsStatic && !member.IsStatic)
                        || !state.Compilation.IsSymbolAccessibleWithin(member, state.Method.ContainingType))
                    {
                        continue;
                    }

                    ITypeSymbol? memberType = member switch
                    {
                        IFieldSymbol field => field.Type,
                        IPropertySymbol { GetMethod: not null, IsIndexer: false } property => property.Type,
                        _ => null,
                    };
                    if (memberType is not null && ConnectionSourceOf(memberType) is { } source
                        && !members.Any(m => m.Member.Name == member.Name))
                    {
                        members.Add((member, source));
                    }
                }
            }

            if (members.Count == 1)
            {
                string prefix = members[0].Member.IsStatic ? string.Empty : "this.";
                return Connection(members[0].Source, prefix + Identifier(members[0].Member.Name), null);
            }

            if (members.Count > 1)
            {
                state.Report(Descriptors.AmbiguousConnection, state.MethodLocation, state.DisplayName,
                    string.Join(", ", members.Select(m => m.Member.Name)) + " (members of the containing type); pass the connection as a parameter");
                return null;
            }

            state.Report(Descriptors.MissingConnection, state.MethodLocation, state.DisplayName);
            return null;
        }

        private static ConnectionSpec Connection(ConnectionSource source, string expression, string? nullChecked) => source switch
        {
            // A session's commands join its transaction; a transaction's commands run on its connection.
            ConnectionSource.Session => new ConnectionSpec(nullChecked, expression + ".Connection", expression + ".Transaction", false),
            ConnectionSource.Transaction => new ConnectionSpec(nullChecked, $"global::Sqlmint.Internal.GeneratedCodeSupport.ConnectionOf({expression})", expression, false),
            ConnectionSource.DataSource => new ConnectionSpec(nullChecked, expression + ".CreateConnection()", null, true),
            _ => new ConnectionSpec(nullChecked, expression, null, false),
        };

        /// <summary>
        /// Binds each <c>@name</c> in the SQL: to a method parameter (a value, or a collection after <c>in</c> or
        /// inside <c>any()</c>), else to a member of an object parameter, else to a member of the execute-many item.
        /// </summary>
        private static (CommandSpec? Command, ExecuteManySpec? ExecuteMany) BindParameters(
            State state, string sql, SqlScanResult scan, List<IParameterSymbol> values, AttributeOptions options)
        {
            var scalars = new List<IParameterSymbol>();
            var collections = new List<(IParameterSymbol Parameter, ITypeSymbol Element)>();
            var objects = new List<IParameterSymbol>();
            IParameterSymbol? items = null;
            ITypeSymbol? itemType = null;
            foreach (IParameterSymbol parameter in values)
            {
                if (TypeFacts.IsScalar(parameter.Type))
                {
                    scalars.Add(parameter);
                }
                else if (TypeFacts.CollectionElement(parameter.Type) is { } element)
                {
                    if (TypeFacts.IsScalar(element))
                    {
                        collections.Add((parameter, element));
                    }
                    else if (state.Kind == CommandKind.Execute && items is null)
                    {
                        items = parameter;
                        itemType = element;
                    }
                    else
                    {
                        state.Report(Descriptors.UnsupportedParameterType, LocationOf(parameter), parameter.Name, state.DisplayName, parameter.Type.ToDisplayString());
                    }
                }
                else
                {
                    objects.Add(parameter);
                }
            }

            var bindings = new List<ParameterBindingSpec>();
            var itemBindings = new List<ParameterBindingSpec>();
            if (options.CommandType == "StoredProcedure")
            {
                // A procedure's SQL is only its name: every value parameter is passed, unnamed, in the method's order.
                // (Named notation would need the C# names to match the procedure's exactly, case included.)
                foreach (IParameterSymbol parameter in scalars)
                {
                    bindings.Add(TypeFacts.Bind(parameter.Type, string.Empty, Identifier(parameter.Name), parameter)!);
                }

                foreach (IParameterSymbol parameter in values.Except(scalars, SymbolEqualityComparer.Default).OfType<IParameterSymbol>())
                {
                    state.Report(Descriptors.UnsupportedParameterType, LocationOf(parameter), parameter.Name, state.DisplayName, parameter.Type.ToDisplayString());
                }

                return (new CommandSpec(sql, null, bindings.ToEquatableArray(), EquatableArray<ListExpansionSpec>.Empty, options.CommandTimeout, options.CommandType, Preparable: false), null);
            }

            var expansions = new List<ListExpansionSpec>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SqlParameterToken token in scan.Parameters)
            {
                LocationInfo? at = state.SqlMap.Locate(token.Offset, token.Length);
                string sqlName = "@" + token.Name;
                IParameterSymbol? scalar = scalars.FirstOrDefault(p => NameIs(p.Name, token.Name));
                (IParameterSymbol Parameter, ITypeSymbol Element) collection = collections.FirstOrDefault(c => NameIs(c.Parameter.Name, token.Name));

                if (collection.Parameter is not null)
                {
                    used.Add(collection.Parameter.Name);
                    string name = Identifier(collection.Parameter.Name);
                    if (token.InsideAny)
                    {
                        // PostgreSQL binds the whole collection as one array parameter.
                        string array = collection.Parameter.Type is IArrayTypeSymbol ? name : $"global::System.Linq.Enumerable.ToArray({name})";
                        if (seen.Add(token.Name))
                        {
                            bindings.Add(new ParameterBindingSpec(sqlName, array, true, "Object", null));
                        }
                    }
                    else if (token.AfterIn)
                    {
                        bool parenthesized = PrecededByParenthesis(sql, token.Offset);
                        expansions.Add(new ListExpansionSpec(token.Offset, token.Length, parenthesized, name,
                            TypeFacts.Bind(collection.Element, sqlName, "__element", collection.Parameter)!));
                    }
                    else
                    {
                        state.Report(Descriptors.CollectionOutsideIn, at, collection.Parameter.Name, state.DisplayName);
                    }

                    continue;
                }

                if (token.AfterIn && scalar is not null && !PrecededByParenthesis(sql, token.Offset))
                {
                    state.Report(Descriptors.InWithoutCollection, at, token.Name, state.DisplayName, scalar.Type.ToDisplayString());
                    continue;
                }

                if (!seen.Add(token.Name))
                {
                    continue;
                }

                if (scalar is not null)
                {
                    used.Add(scalar.Name);
                    bindings.Add(TypeFacts.Bind(scalar.Type, sqlName, Identifier(scalar.Name), scalar)!);
                    continue;
                }

                if (objects.Select(o => (Owner: o, Found: FindMemberOf(state, o.Type, token.Name))).FirstOrDefault(o => o.Found is not null) is { Owner: { } owner, Found: { } objectMember })
                {
                    used.Add(owner.Name + "." + objectMember.Member.Name);
                    bindings.Add(TypeFacts.Bind(objectMember.Type, sqlName, Identifier(owner.Name) + "." + Identifier(objectMember.Member.Name), objectMember.Member)!);
                    continue;
                }

                if (items is not null && FindMemberOf(state, itemType!, token.Name) is { } itemMember)
                {
                    used.Add(items.Name + "." + itemMember.Member.Name);
                    itemBindings.Add(TypeFacts.Bind(itemMember.Type, sqlName, "__item." + Identifier(itemMember.Member.Name), itemMember.Member)!);
                    continue;
                }

                state.Report(Descriptors.UnboundSqlParameter, at, token.Name, state.DisplayName);
            }

            foreach (IParameterSymbol parameter in scalars.Concat(collections.Select(c => c.Parameter)))
            {
                if (!used.Contains(parameter.Name))
                {
                    state.Report(Descriptors.UnusedMethodParameter, LocationOf(parameter), parameter.Name, state.DisplayName);
                }
            }

            foreach (IParameterSymbol owner in objects)
            {
                List<(ISymbol Member, ITypeSymbol Type)> members = ReadableMembers(state, owner.Type).ToList();
                if (members.Count == 0 || members.All(m => !TypeFacts.IsScalar(m.Type)))
                {
                    state.Report(Descriptors.UnsupportedParameterType, LocationOf(owner), owner.Name, state.DisplayName, owner.Type.ToDisplayString());
                    continue;
                }

                foreach ((ISymbol member, ITypeSymbol type) in members)
                {
                    if (TypeFacts.IsScalar(type) && !used.Contains(owner.Name + "." + member.Name))
                    {
                        state.Report(Descriptors.UnusedMethodParameter, LocationOf(owner), owner.Name + "." + member.Name, state.DisplayName);
                    }
                }
            }

            ExecuteManySpec? executeMany = null;
            if (items is not null)
            {
                foreach ((ISymbol member, ITypeSymbol type) in ReadableMembers(state, itemType!))
                {
                    if (TypeFacts.IsScalar(type) && !used.Contains(items.Name + "." + member.Name))
                    {
                        state.Report(Descriptors.UnusedMethodParameter, LocationOf(items), items.Name + "." + member.Name, state.DisplayName);
                    }
                }

                executeMany = new ExecuteManySpec(Identifier(items.Name), itemType!.ToDisplayString(s_typeFormat), itemBindings.ToEquatableArray());
            }

            bool fixedStatement = expansions.Count == 0 && scan.StatementCount == 1 && options.CommandType == "Text";
            string? positional = fixedStatement && bindings.Count + itemBindings.Count > 0
                ? Positional(sql, scan, bindings.Concat(itemBindings).ToList())
                : null;
            var command = new CommandSpec(sql, positional, bindings.ToEquatableArray(), expansions.ToEquatableArray(), options.CommandTimeout, options.CommandType, fixedStatement && Preparable(scan.Statements[0]));
            return (command, executeMany);
        }

        /// <summary>
        /// Statements worth preparing: queries and data changes, which run again and again. Not DDL and other utility
        /// statements, which mostly run once, so preparing would only add a round trip. Not a <c>*</c> projection
        /// either: PostgreSQL fixes a prepared statement's result columns, so adding a column to the table would make
        /// the next call fail with "cached plan must not change result type".
        /// </summary>
        private static bool Preparable(SqlStatementInfo statement)
        {
            return !statement.SelectsStar && statement.Kind is SqlStatementKind.Select or SqlStatementKind.Insert
                or SqlStatementKind.Update or SqlStatementKind.Delete or SqlStatementKind.Merge or SqlStatementKind.Values;
        }

        /// <summary>The members a single result set fills, for the schema's nullability check.</summary>
        private static EquatableArray<ResultMemberSpec> ResultMembers(List<ResultSetSpec> sets)
        {
            if (sets.Count != 1)
            {
                return EquatableArray<ResultMemberSpec>.Empty;
            }

            RowSpec row = sets[0].Row;
            if (row.IsScalar)
            {
                return new[] { new ResultMemberSpec("#0", "(the scalar result)", row.Scalar!.IsNullable, row.Scalar.Type.Replace("global::", string.Empty)) }.ToEquatableArray();
            }

            if (row.IsTuple)
            {
                return EquatableArray<ResultMemberSpec>.Empty;
            }

            return row.ConstructorArguments.Concat(row.InitMembers).Concat(row.SettableMembers)
                .Select(m => new ResultMemberSpec(m.ColumnKey, m.MemberName, m.Read.IsNullable, m.Read.Type.Replace("global::", string.Empty)))
                .ToEquatableArray();
        }

        /// <summary>Rewrites each <c>@name</c> to <c>$k</c>, k being the 1-based index of its binding.</summary>
        private static string? Positional(string sql, SqlScanResult scan, List<ParameterBindingSpec> bindings)
        {
            var text = new System.Text.StringBuilder(sql.Length);
            int position = 0;
            foreach (SqlParameterToken token in scan.Parameters)
            {
                int index = bindings.FindIndex(b => b.SqlName == "@" + token.Name);
                if (index < 0)
                {
                    return null; // A name bound some other way (an expansion): keep named parameters.
                }

                text.Append(sql, position, token.Offset - position).Append('$').Append(index + 1);
                position = token.Offset + token.Length;
            }

            return text.Append(sql, position, sql.Length - position).ToString();
        }

        /// <summary>The scalar member of <paramref name="owner"/> an <c>@name</c> binds to, if any.</summary>
        private static (ISymbol Member, ITypeSymbol Type)? FindMemberOf(State state, ITypeSymbol owner, string name)
        {
            foreach ((ISymbol member, ITypeSymbol type) in ReadableMembers(state, owner))
            {
                if (NameIs(member.Name, name) && TypeFacts.IsScalar(type))
                {
                    return (member, type);
                }
            }

            return null;
        }

        /// <summary>Public instance properties with a getter and fields, most derived first.</summary>
        private static IEnumerable<(ISymbol Member, ITypeSymbol Type)> ReadableMembers(State state, ITypeSymbol type)
        {
            foreach (ISymbol member in RowFacts.Members(type))
            {
                if (!state.Compilation.IsSymbolAccessibleWithin(member, state.Method.ContainingType))
                {
                    continue;
                }

                ITypeSymbol? memberType = member switch
                {
                    IPropertySymbol { GetMethod: not null, IsIndexer: false } property
                        when state.Compilation.IsSymbolAccessibleWithin(property.GetMethod, state.Method.ContainingType) => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (memberType is not null)
                {
                    yield return (member, memberType);
                }
            }
        }

        private sealed record ReturnPlan(CommandShape? Shape, List<ResultSetSpec> ResultSets);

        private static (AsyncKind Async, ReturnPlan Plan) ParseReturn(State state, AttributeOptions options)
        {
            IMethodSymbol method = state.Method;
            LocationInfo? location = LocationInfo.From(state.Syntax.ReturnType.GetLocation()) ?? state.MethodLocation;
            string returnDisplay = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString();
            var sets = new List<ResultSetSpec>();
            ReturnPlan Fail(string reason)
            {
                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName, reason);
                return new ReturnPlan(null, sets);
            }

            ITypeSymbol? inner = null;
            AsyncKind async = method.ReturnsVoid ? AsyncKind.None : TypeFacts.AsyncKindOf(method.ReturnType, out inner);
            ITypeSymbol? type = async == AsyncKind.None ? (method.ReturnsVoid ? null : method.ReturnType) : inner;

            if (state.Kind == CommandKind.Execute)
            {
                if (async == AsyncKind.AsyncEnumerable)
                {
                    return (async, Fail("an [Execute] method cannot stream rows; use [Query]"));
                }

                if (type is null)
                {
                    return (async, new ReturnPlan(CommandShape.ExecuteVoid, sets));
                }

                if (type.SpecialType == SpecialType.System_Int32)
                {
                    return (async, new ReturnPlan(CommandShape.ExecuteRowCount, sets));
                }

                return (async, Fail("an [Execute] method returns int (rows affected) or void, or Task/ValueTask of them; use [Query] to read rows"));
            }

            if (type is null)
            {
                return (async, Fail("a [Query] method must return its rows; use [Execute] for a command that returns none"));
            }

            if (async == AsyncKind.AsyncEnumerable)
            {
                RowSpec? streamed = ParseRow(state, type, location);
                if (streamed is not null)
                {
                    sets.Add(new ResultSetSpec(ResultShape.Stream, type.ToDisplayString(s_typeFormat), streamed));
                }

                return (async, new ReturnPlan(streamed is null ? null : CommandShape.Query, sets));
            }

            if (type is INamedTypeSymbol { IsTupleType: true } tuple && !TypeFacts.IsScalar(type)
                && tuple.TupleElements.Any(e => TypeFacts.TryGetListElement(e.Type, out _, out _)))
            {
                // A tuple with a list in it is several result sets, read in order; a tuple of scalars is one row.
                foreach (IFieldSymbol element in tuple.TupleElements)
                {
                    ResultSetSpec? set = ParseResultSet(state, element.Type, options, location, returnDisplay);
                    if (set is null)
                    {
                        return (async, new ReturnPlan(null, sets));
                    }

                    sets.Add(set);
                }

                return (async, new ReturnPlan(CommandShape.QueryMultiple, sets));
            }

            ResultSetSpec? single = ParseResultSet(state, type, options, location, returnDisplay);
            if (single is not null)
            {
                sets.Add(single);
            }

            return (async, new ReturnPlan(single is null ? null : CommandShape.Query, sets));
        }

        private static ResultSetSpec? ParseResultSet(State state, ITypeSymbol type, AttributeOptions options, LocationInfo? location, string returnDisplay)
        {
            string typeName = type.ToDisplayString(s_typeFormat);
            if (TypeFacts.TryGetListElement(type, out ITypeSymbol? element, out bool isArray))
            {
                RowSpec? row = ParseRow(state, element!, location);
                return row is null ? null : new ResultSetSpec(isArray ? ResultShape.Array : ResultShape.List, typeName, row);
            }

            if (TypeFacts.IsOtherCollection(type) || TypeFacts.AsyncKindOf(type, out _) != AsyncKind.None)
            {
                state.Report(Descriptors.UnsupportedReturnType, location, returnDisplay, state.DisplayName,
                    "return the rows as List<T>, IReadOnlyList<T>, IEnumerable<T>, T[] or IAsyncEnumerable<T>, a row, a scalar, or a tuple of these for several result sets");
                return null;
            }

            if (TypeFacts.TryGetColumnRead(type, out ColumnReadSpec? scalar))
            {
                return new ResultSetSpec(ResultShape.Scalar, typeName, new RowSpec(scalar!.Type, true, false, scalar, default, default, default));
            }

            bool nullable = type.NullableAnnotation == NullableAnnotation.Annotated || TypeFacts.IsNullableValue(type);
            RowSpec? single = ParseRow(state, TypeFacts.UnwrapNullable(type), location);
            if (single is null)
            {
                return null;
            }

            ResultShape shape = (options.First, nullable) switch
            {
                (true, true) => ResultShape.FirstOrDefault,
                (true, false) => ResultShape.First,
                (false, true) => ResultShape.SingleOrNone,
                _ => ResultShape.Single,
            };
            return new ResultSetSpec(shape, typeName, single);
        }

        private static RowSpec? ParseRow(State state, ITypeSymbol type, LocationInfo? location)
        {
            if (TypeFacts.TryGetColumnRead(type, out ColumnReadSpec? scalar))
            {
                return new RowSpec(scalar!.Type, true, false, scalar, default, default, default);
            }

            string typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeFormat);
            string? problem = RowFacts.Describe(type, state.Method.ContainingType, state.Compilation, out RowFacts.RowBinding binding);
            if (problem is not null)
            {
                state.Report(Descriptors.RowTypeNotMaterializable, location, type.ToDisplayString(), state.DisplayName, problem);
                return null;
            }

            return new RowSpec(
                typeName,
                false,
                binding.IsTuple,
                null,
                binding.ConstructorArguments.ToEquatableArray(),
                binding.InitMembers.ToEquatableArray(),
                binding.SettableMembers.ToEquatableArray());
        }

        /// <summary>What kind of connection source a type is, if any.</summary>
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
                    switch (current.Name)
                    {
                        case "DbConnection": return ConnectionSource.Connection;
                        case "DbTransaction": return ConnectionSource.Transaction;
                        case "DbDataSource": return ConnectionSource.DataSource;
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
            DataSource,
        }

        private static bool IsCancellationToken(ITypeSymbol type) =>
            type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static bool NameIs(string csharpName, string sqlName) => string.Equals(csharpName, sqlName, StringComparison.OrdinalIgnoreCase);

        // `in (@ids)`: the parentheses are the user's, so only the name is replaced by the element list.
        private static bool PrecededByParenthesis(string sql, int offset)
        {
            for (int i = offset - 1; i >= 0; i--)
            {
                if (!char.IsWhiteSpace(sql[i]))
                {
                    return sql[i] == '(';
                }
            }

            return false;
        }

        private static LocationInfo? LocationOf(ISymbol symbol) => LocationInfo.From(symbol.Locations.FirstOrDefault());

        /// <summary>Escapes a name that is a C# keyword, so a parameter called <c>@class</c> round-trips.</summary>
        internal static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>The attribute's named options.</summary>
        private sealed class AttributeOptions
        {
            public bool First { get; private set; }

            public bool HasCardinality { get; private set; }

            public int CommandTimeout { get; private set; }

            public string CommandType { get; private set; } = "Text";

            public static AttributeOptions From(AttributeData attribute)
            {
                var options = new AttributeOptions();
                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    switch (argument.Key)
                    {
                        case "Cardinality":
                            options.First = argument.Value.Value is int cardinality && cardinality == 1;
                            options.HasCardinality = true;
                            break;
                        case "CommandTimeout":
                            options.CommandTimeout = argument.Value.Value is int timeout ? timeout : 0;
                            break;
                        case "CommandType":
                            options.CommandType = argument.Value.Value switch
                            {
                                4 => "StoredProcedure",
                                512 => "TableDirect",
                                _ => "Text",
                            };
                            break;
                    }
                }

                return options;
            }
        }

        /// <summary>Per-method parse state: the inputs, and the diagnostics found so far.</summary>
        private sealed class State
        {
            public State(IMethodSymbol method, MethodDeclarationSyntax syntax, Compilation compilation, CommandKind kind)
            {
                Method = method;
                Syntax = syntax;
                Compilation = compilation;
                Kind = kind;
                DisplayName = method.ContainingType.Name + "." + method.Name;
                MethodLocation = LocationInfo.From(syntax.Identifier.GetLocation());
            }

            public IMethodSymbol Method { get; }

            public MethodDeclarationSyntax Syntax { get; }

            public Compilation Compilation { get; }

            public CommandKind Kind { get; }

            public string DisplayName { get; }

            public LocationInfo? MethodLocation { get; }

            public SqlLiteralMap SqlMap { get; set; }

            public SchemaCheckSpec? SchemaCheck { get; set; }

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
