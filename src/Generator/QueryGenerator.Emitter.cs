using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// Model → text. A pure function of the model: equal models give equal text. The code it writes is what a
    /// careful person writes by hand: one command, typed getters, ordinals looked up once per result set, and
    /// the async driver calls (with the caller's token) in async methods.
    /// </summary>
    internal static class Emitter
    {
        private const string Support = "global::Sqlmint.Internal.GeneratedCodeSupport";
        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"" + GeneratorInfo.Name + "\", \"" + GeneratorInfo.Version + "\")]";
        private const string DbParameter = "global::System.Data.Common.DbParameter";
        private const string Behavior = "global::System.Data.CommandBehavior";

        public static string Emit(TypeGroup group, bool npgsql, bool sqlite)
        {
            var writer = new SourceWriter();
            WriteHeader(writer);

            ContainingTypeSpec type = group.Type;
            if (type.Namespace is not null)
            {
                writer.WriteLine("namespace " + type.Namespace);
                writer.OpenBrace();
            }

            foreach (TypeDeclarationSpec declaration in type.Declarations)
            {
                writer.WriteLine($"partial {declaration.Keyword} {declaration.NameWithTypeParameters}");
                writer.OpenBrace();
            }

            var fields = new List<string>();
            for (int i = 0; i < group.Methods.Count; i++)
            {
                if (i > 0)
                {
                    writer.WriteLine();
                }

                EmitMethod(writer, group.Methods[i], npgsql, sqlite, "__sqlmintColumnsChecked" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), fields);
            }

            if (fields.Count > 0)
            {
                writer.WriteLine();
                foreach (string field in fields)
                {
                    writer.WriteLine($"private static bool {field};");
                }
            }

            foreach (TypeDeclarationSpec _ in type.Declarations)
            {
                writer.CloseBrace();
            }

            if (type.Namespace is not null)
            {
                writer.CloseBrace();
            }

            return writer.ToString();
        }

        public static string EmitDriverRegistration(DriverSpec spec)
        {
            var writer = new SourceWriter();
            WriteHeader(writer);
            writer.WriteLine("namespace Sqlmint.Generated");
            writer.OpenBrace();
            writer.WriteLine("/// <summary>Registers the database drivers this assembly references with Sqlmint's driver registry.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("internal static class SqlmintDriverRegistration");
            writer.OpenBrace();
            writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializerAttribute]");
            writer.WriteLine("internal static void Register()");
            writer.OpenBrace();

            // Each driver's own connection-string builder, not Dsn.ToConnectionString(): an app that references
            // only SQLite then does not carry the libpq-to-Npgsql mapping after trimming.
            if (spec.ReferencesNpgsql)
            {
                // The backend's process id tells pooled connections apart for the engine's idle check.
                writer.WriteLine("global::Sqlmint.DriverRegistry.Register(\"postgresql\", \"npgsql\",");
                writer.Indent();
                writer.WriteLine("static dsn => global::Npgsql.NpgsqlDataSource.Create(global::Sqlmint.Internal.PostgresConnectionString.Build(dsn)),");
                writer.WriteLine("static connection => ((global::Npgsql.NpgsqlConnection)connection).ProcessID);");
                writer.Unindent();

                // Prepared statements: after a session's raw DISCARD ALL or DEALLOCATE, Npgsql must forget its own.
                writer.WriteLine("global::Sqlmint.Internal.GeneratedCodeSupport.RegisterUnprepareAll(static connection =>");
                writer.OpenBrace();
                writer.WriteLine("if (connection is global::Npgsql.NpgsqlConnection npgsql)");
                writer.OpenBrace();
                writer.WriteLine("npgsql.UnprepareAll();");
                writer.CloseBrace();
                writer.CloseBrace(");");
            }

            if (spec.ReferencesSqlite)
            {
                // SQLite's data source does nothing on dispose; clearing its pool is what closes the pooled connections.
                writer.WriteLine("global::Sqlmint.DriverRegistry.Register(\"sqlite\", \"microsoft\", static dsn =>");
                writer.OpenBrace();
                writer.WriteLine("string connectionString = global::Sqlmint.Internal.SqliteConnectionString.Build(dsn);");
                writer.WriteLine("return new global::Sqlmint.Internal.OwningDataSource(");
                writer.Indent();
                writer.WriteLine("global::Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource(connectionString),");
                writer.WriteLine("() => global::Microsoft.Data.Sqlite.SqliteConnection.ClearPool(new global::Microsoft.Data.Sqlite.SqliteConnection(connectionString)));");
                writer.Unindent();
                writer.CloseBrace(");");
            }

            writer.CloseBrace();
            writer.CloseBrace();
            writer.CloseBrace();
            return writer.ToString();
        }

        private static void WriteHeader(SourceWriter writer)
        {
            writer.WriteLine("// <auto-generated/>");
            writer.WriteLine("#nullable enable");
            writer.WriteLine();
        }

        private static void EmitMethod(SourceWriter writer, MethodSpec method, bool npgsql, bool sqlite, string fieldPrefix, List<string> fields)
        {
            string parameters = string.Join(", ", method.Parameters.Select(p => (p.IsThis ? "this " : string.Empty) + p.Type + " " + p.Name));
            bool isAsync = method.Async is AsyncKind.Task or AsyncKind.ValueTask;
            string modifiers = isAsync ? method.Modifiers.Replace("partial", "async partial") : method.Modifiers;
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{modifiers} {method.ReturnType} {method.Name}({parameters})");
            writer.OpenBrace();
            if (method.Connection.NullChecked is { } checkedName)
            {
                writer.WriteLine($"global::System.ArgumentNullException.ThrowIfNull({checkedName});");
            }

            // What the body does on Npgsql: positional SQL, and preparing the statement.
            bool positional = npgsql && method.Command.PositionalSql is not null;
            bool prepares = npgsql && method.Command.Preparable;
            if (method.Async == AsyncKind.AsyncEnumerable)
            {
                // A local async iterator: arguments are checked when the method is called, not on the first
                // MoveNextAsync, and [EnumeratorCancellation] joins the caller's token with WithCancellation's.
                // The method's values are passed in (the parameters shadow the method's own), so the iterator
                // captures nothing: no closure class and no closure object per call.
                ResultSetSpec set = method.ResultSets[0];
                List<MethodParameterSpec> passed = method.Parameters.Where(p => p.Name != method.CancellationToken).ToList();
                string arguments = string.Concat(passed.Select(p => p.Name + ", "));
                string declared = string.Concat(passed.Select(p => p.Type + " " + p.Name + ", "));
                string modifier = method.Modifiers.Split(' ').Contains("static") ? "static async" : "async";
                writer.WriteLine($"return __Stream({arguments}{method.CancellationToken});");
                writer.WriteLine();
                writer.WriteLine($"{modifier} global::System.Collections.Generic.IAsyncEnumerable<{set.Type}> __Stream({declared}[global::System.Runtime.CompilerServices.EnumeratorCancellation] global::System.Threading.CancellationToken __cancellationToken)");
                writer.OpenBrace();
                EmitBody(writer, method, new Flow(true, "__cancellationToken", positional, prepares, sqlite, fieldPrefix, fields));
                writer.CloseBrace();
            }
            else
            {
                EmitBody(writer, method, new Flow(isAsync, method.CancellationToken, positional, prepares, sqlite, fieldPrefix, fields));
            }

            writer.CloseBrace();
        }

        /// <summary>Sync or async: which driver calls to write, and with which token.</summary>
        private sealed class Flow
        {
            public Flow(bool isAsync, string token, bool positional, bool prepares, bool strictNumbers, string fieldPrefix, List<string> fields)
            {
                IsAsync = isAsync;
                Token = token;
                Positional = positional;
                Prepares = prepares;
                StrictNumbers = strictNumbers;
                FieldPrefix = fieldPrefix;
                Fields = fields;
            }

            /// <summary>Prefix of the static fields this method's code declares on its type.</summary>
            public string FieldPrefix { get; }

            /// <summary>Static fields to declare on the containing type (once-per-process checks).</summary>
            public List<string> Fields { get; }

            public bool IsAsync { get; }

            /// <summary>The code chooses positional SQL and unnamed parameters when the connection is Npgsql's.</summary>
            public bool Positional { get; }

            /// <summary>The code prepares the statement when the connection is Npgsql's (see <see cref="EmitPrepare"/>).</summary>
            public bool Prepares { get; }

            public string Token { get; }

            /// <summary>Numbers are read with the helpers that catch Microsoft.Data.Sqlite's silent 0 for text.</summary>
            public bool StrictNumbers { get; }

            /// <summary><c>target.Name(args)</c>, or <c>await target.NameAsync(args, token).ConfigureAwait(false)</c>.</summary>
            public string Call(string target, string name, string arguments = "", bool takesToken = true)
            {
                if (!IsAsync)
                {
                    return $"{target}.{name}({arguments})";
                }

                string asyncArguments = takesToken ? (arguments.Length == 0 ? Token : arguments + ", " + Token) : arguments;
                return $"await {target}.{name}Async({asyncArguments}).ConfigureAwait(false)";
            }
        }

        private static void EmitBody(SourceWriter writer, MethodSpec method, Flow flow)
        {
            ConnectionSpec connection = method.Connection;
            writer.WriteLine($"global::System.Data.Common.DbConnection __connection = {connection.Expression};");
            writer.WriteLine(flow.IsAsync
                ? $"bool __close = await {Support}.OpenIfClosedAsync(__connection, {flow.Token}).ConfigureAwait(false);"
                : $"bool __close = {Support}.OpenIfClosed(__connection);");
            if (flow.Positional)
            {
                writer.WriteLine("bool __positional = __connection is global::Npgsql.NpgsqlConnection;");
            }

            writer.WriteLine("try");
            writer.OpenBrace();
            if (method.ExecuteMany is not null)
            {
                EmitExecuteMany(writer, method, method.ExecuteMany, flow);
            }
            else
            {
                writer.WriteLine("using global::System.Data.Common.DbCommand __command = __connection.CreateCommand();");
                EmitCommandSetup(writer, method, "__command", flow);
                foreach ((ParameterBindingSpec binding, int index) in method.Command.Bindings.Select((b, i) => (b, i)))
                {
                    EmitBinding(writer, binding, "__p" + index, "__command", positional: flow.Positional);
                }

                EmitPrepare(writer, "__command", flow);
                switch (method.Shape)
                {
                    case CommandShape.ExecuteVoid:
                        writer.WriteLine(flow.Call("__command", "ExecuteNonQuery") + ";");
                        break;
                    case CommandShape.ExecuteRowCount:
                        writer.WriteLine("return " + flow.Call("__command", "ExecuteNonQuery") + ";");
                        break;
                    default:
                        EmitQuery(writer, method, flow);
                        break;
                }
            }

            writer.CloseBrace();
            writer.WriteLine("finally");
            writer.OpenBrace();
            writer.WriteLine("if (__close)");
            writer.OpenBrace();
            writer.WriteLine(flow.Call("__connection", "Close", takesToken: false) + ";");
            writer.CloseBrace();
            if (connection.CreatesConnection)
            {
                writer.WriteLine();
                writer.WriteLine(flow.Call("__connection", "Dispose", takesToken: false) + ";");
            }

            writer.CloseBrace();
        }

        /// <summary>
        /// On Npgsql, prepares a fixed statement. The server then parses and plans it once per physical connection
        /// instead of on every call; Npgsql keeps the prepared statement when the connection goes back to its pool, and
        /// a later Prepare of the same text is a lookup without a round trip. The runtime says no when the user turned
        /// it off (a pooler in transaction mode) or the connection multiplexes, where Npgsql cannot prepare.
        /// </summary>
        private static void EmitPrepare(SourceWriter writer, string command, Flow flow)
        {
            if (!flow.Prepares)
            {
                return;
            }

            string isNpgsql = flow.Positional ? "__positional" : "__connection is global::Npgsql.NpgsqlConnection";
            writer.WriteLine($"if ({isNpgsql} && {Support}.Prepares(__connection))");
            writer.OpenBrace();
            writer.WriteLine(flow.Call(command, "Prepare") + ";");
            writer.CloseBrace();
            writer.WriteLine();
        }

        /// <summary>Command text (with <c>in</c> lists expanded), transaction, timeout and command type.</summary>
        private static void EmitCommandSetup(SourceWriter writer, MethodSpec method, string command, Flow flow)
        {
            CommandSpec spec = method.Command;
            if (flow.Positional)
            {
                // Npgsql sends positional SQL with unnamed parameters as is, skipping its own SQL parsing.
                writer.WriteLine($"{command}.CommandText = __positional");
                writer.Indent();
                writer.WriteLine($"? {Literal(spec.PositionalSql!)}");
                writer.WriteLine($": {Literal(spec.Sql)};");
                writer.Unindent();
            }
            else if (spec.Expansions.Count == 0)
            {
                writer.WriteLine($"{command}.CommandText = {Literal(spec.Sql)};");
            }
            else
            {
                // Each element becomes its own parameter (@ids_0, @ids_1, …); no value is ever put in the SQL text.
                writer.WriteLine("global::System.Text.StringBuilder __sql = new global::System.Text.StringBuilder();");
                int position = 0;
                for (int i = 0; i < spec.Expansions.Count; i++)
                {
                    ListExpansionSpec expansion = spec.Expansions[i];
                    writer.WriteLine($"__sql.Append({Literal(spec.Sql.Substring(position, expansion.Offset - position))});");
                    writer.WriteLine($"int __count{i} = 0;");
                    writer.WriteLine($"foreach (var __element in {expansion.Collection})");
                    writer.OpenBrace();
                    string open = expansion.Parenthesized ? "\"\"" : "\"(\"";
                    writer.WriteLine($"string __name = {Literal(expansion.Element.SqlName + "_")} + __count{i}.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    writer.WriteLine($"__sql.Append(__count{i} == 0 ? {open} : \", \").Append(__name);");
                    EmitBinding(writer, expansion.Element with { SqlName = string.Empty }, "__e", command, nameExpression: "__name");
                    writer.WriteLine($"__count{i}++;");
                    writer.CloseBrace();
                    // An empty list becomes an empty subquery, so "in" matches nothing and "not in" everything; its
                    // one parameter is a typed NULL so PostgreSQL can type the subquery's column.
                    string emptyName = expansion.Element.SqlName + "_empty";
                    string empty = $"select {emptyName} where 1 = 0";
                    writer.WriteLine($"if (__count{i} == 0)");
                    writer.OpenBrace();
                    writer.WriteLine($"__sql.Append({Literal(expansion.Parenthesized ? empty : "(" + empty + ")")});");
                    writer.WriteLine($"{Support}.AddNullParameter({command}, {Literal(emptyName)}, global::System.Data.DbType.{expansion.Element.NullDbType});");
                    writer.CloseBrace();
                    if (!expansion.Parenthesized)
                    {
                        writer.WriteLine("else");
                        writer.OpenBrace();
                        writer.WriteLine("__sql.Append(')');");
                        writer.CloseBrace();
                    }

                    position = expansion.Offset + expansion.Length;
                }

                writer.WriteLine($"__sql.Append({Literal(spec.Sql.Substring(position))});");
                writer.WriteLine($"{command}.CommandText = __sql.ToString();");
            }

            if (method.Connection.Transaction is { } transaction)
            {
                writer.WriteLine($"{command}.Transaction = {transaction};");
            }

            if (spec.CommandTimeout > 0)
            {
                writer.WriteLine($"{command}.CommandTimeout = {spec.CommandTimeout};");
            }

            if (spec.CommandType != "Text")
            {
                writer.WriteLine($"{command}.CommandType = global::System.Data.CommandType.{spec.CommandType};");
            }
        }

        private static void EmitBinding(SourceWriter writer, ParameterBindingSpec binding, string local, string command, string? nameExpression = null, bool positional = false)
        {
            writer.WriteLine($"{DbParameter} {local} = {command}.CreateParameter();");
            if (positional)
            {
                writer.WriteLine("if (!__positional)");
                writer.OpenBrace();
                writer.WriteLine($"{local}.ParameterName = {Literal(binding.SqlName)};");
                writer.CloseBrace();
            }
            else
            {
                writer.WriteLine($"{local}.ParameterName = {nameExpression ?? Literal(binding.SqlName)};");
            }

            WriteValue(writer, binding, local);
            writer.WriteLine($"{command}.Parameters.Add({local});");
        }

        private static void WriteValue(SourceWriter writer, ParameterBindingSpec binding, string local) =>
            writer.WriteLine(
                binding.Setter is not null ? $"{Support}.{binding.Setter}({local}, {binding.ValueExpression});"
                : binding.IsNullable ? $"{Support}.SetValue({local}, {binding.ValueExpression}, global::System.Data.DbType.{binding.NullDbType});"
                : $"{local}.Value = {binding.ValueExpression};");

        private static void EmitQuery(SourceWriter writer, MethodSpec method, Flow flow)
        {
            bool multiple = method.Shape == CommandShape.QueryMultiple;
            ResultSetSpec first = method.ResultSets[0];
            string behavior = multiple ? $"{Behavior}.Default" : first.Shape switch
            {
                ResultShape.Scalar or ResultShape.First or ResultShape.FirstOrDefault => $"{Behavior}.SingleResult | {Behavior}.SingleRow",
                _ => $"{Behavior}.SingleResult",
            };

            if (flow.IsAsync)
            {
                writer.WriteLine($"global::System.Data.Common.DbDataReader __reader = {flow.Call("__command", "ExecuteReader", behavior)};");
                writer.WriteLine("try");
                writer.OpenBrace();
            }
            else
            {
                writer.WriteLine($"using global::System.Data.Common.DbDataReader __reader = __command.ExecuteReader({behavior});");
            }

            if (first.Shape == ResultShape.Stream)
            {
                EmitStream(writer, method, first, flow);
            }
            else
            {
                for (int i = 0; i < method.ResultSets.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteLine();
                        writer.WriteLine($"if (!{flow.Call("__reader", "NextResult")})");
                        writer.OpenBrace();
                        writer.WriteLine($"throw {Support}.MissingResultSet({Literal(method.DisplayName)}, {i + 1}, {method.ResultSets.Count});");
                        writer.CloseBrace();
                    }

                    EmitResultSet(writer, method, method.ResultSets[i], i, flow);
                }

                writer.WriteLine();
                writer.WriteLine(multiple
                    ? $"return ({string.Join(", ", method.ResultSets.Select((_, i) => "__result" + i))});"
                    : "return __result0;");
            }

            if (flow.IsAsync)
            {
                writer.CloseBrace();
                writer.WriteLine("finally");
                writer.OpenBrace();
                writer.WriteLine("await __reader.DisposeAsync().ConfigureAwait(false);");
                writer.CloseBrace();
            }
        }

        /// <summary>Reads one result set into <c>__result{index}</c>.</summary>
        private static void EmitResultSet(SourceWriter writer, MethodSpec method, ResultSetSpec set, int index, Flow flow)
        {
            string name = Literal(method.DisplayName);
            string result = "__result" + index;
            string read = flow.Call("__reader", "Read");
            RowSpec row = set.Row;
            writer.WriteLine($"{set.Type} {result};");

            switch (set.Shape)
            {
                case ResultShape.Scalar:
                {
                    ColumnReadSpec scalar = row.Scalar!;
                    writer.WriteLine($"if (!{read})");
                    writer.OpenBrace();
                    writer.WriteLine(scalar.IsNullable ? $"{result} = default;" : $"throw {Support}.NoRows({name}, \"one row\");");
                    writer.CloseBrace();
                    writer.WriteLine("else if (__reader.IsDBNull(0))");
                    writer.OpenBrace();
                    writer.WriteLine(scalar.IsNullable ? $"{result} = default;" : $"throw {Support}.NullScalar({name}, {Literal(scalar.Type)});");
                    writer.CloseBrace();
                    writer.WriteLine("else");
                    writer.OpenBrace();
                    var ordinals = new List<Ordinal> { new("(column 0)", "0", scalar.ClrType, scalar) };
                    WriteGuarded(writer, name, ordinals, flow, () => writer.WriteLine($"{result} = {Getter(scalar, "0", flow.StrictNumbers)};"));
                    writer.CloseBrace();
                    break;
                }

                case ResultShape.List:
                case ResultShape.Array:
                {
                    List<Ordinal> ordinals = EmitOrdinals(writer, method, set, index, flow);
                    string rows = "__rows" + index;
                    writer.WriteLine($"global::System.Collections.Generic.List<{row.Type}> {rows} = new global::System.Collections.Generic.List<{row.Type}>();");
                    WriteGuarded(writer, name, ordinals, flow, () =>
                    {
                        writer.WriteLine($"while ({read})");
                        writer.OpenBrace();
                        if (flow.IsAsync)
                        {
                            writer.WriteLine($"{flow.Token}.ThrowIfCancellationRequested();");
                        }

                        EmitRow(writer, row, index, ordinals, flow);
                        writer.WriteLine($"{rows}.Add(__row{index});");
                        writer.CloseBrace();
                    });
                    writer.WriteLine(set.Shape == ResultShape.Array ? $"{result} = {rows}.ToArray();" : $"{result} = {rows};");
                    break;
                }

                default:
                {
                    bool allowsNone = set.Shape is ResultShape.SingleOrNone or ResultShape.FirstOrDefault;
                    bool checksMore = set.Shape is ResultShape.Single or ResultShape.SingleOrNone;
                    string expected = Literal(set.Shape switch
                    {
                        ResultShape.Single => "exactly one row",
                        ResultShape.SingleOrNone => "at most one row",
                        _ => "at least one row",
                    });
                    List<Ordinal> ordinals = EmitOrdinals(writer, method, set, index, flow);
                    writer.WriteLine($"if ({read})");
                    writer.OpenBrace();
                    WriteGuarded(writer, name, ordinals, flow, () =>
                    {
                        EmitRow(writer, row, index, ordinals, flow);
                        writer.WriteLine($"{result} = __row{index};");
                    });
                    if (checksMore)
                    {
                        writer.WriteLine($"if ({read})");
                        writer.OpenBrace();
                        writer.WriteLine($"throw {Support}.TooManyRows({name}, {expected});");
                        writer.CloseBrace();
                    }

                    writer.CloseBrace();
                    writer.WriteLine("else");
                    writer.OpenBrace();
                    writer.WriteLine(allowsNone ? $"{result} = default;" : $"throw {Support}.NoRows({name}, {expected});");
                    writer.CloseBrace();
                    break;
                }
            }
        }

        private static void EmitStream(SourceWriter writer, MethodSpec method, ResultSetSpec set, Flow flow)
        {
            string name = Literal(method.DisplayName);
            List<Ordinal> ordinals = EmitOrdinals(writer, method, set, 0, flow);
            writer.WriteLine($"while ({flow.Call("__reader", "Read")})");
            writer.OpenBrace();

            // Npgsql checks the token only when it must read from the network; rows already buffered would keep
            // coming after a cancel, so the loop checks it too.
            writer.WriteLine($"{flow.Token}.ThrowIfCancellationRequested();");
            writer.WriteLine($"{set.Row.Type} __item;");

            // C# allows no yield inside a try with a catch, so the row is built inside and yielded after.
            WriteGuarded(writer, name, ordinals, flow, () =>
            {
                EmitRow(writer, set.Row, 0, ordinals, flow);
                writer.WriteLine("__item = __row0;");
            });
            writer.WriteLine("yield return __item;");
            writer.CloseBrace();
        }

        private static void EmitExecuteMany(SourceWriter writer, MethodSpec method, ExecuteManySpec many, Flow flow)
        {
            // One transaction around all items, so a failure at item k leaves nothing behind: the session's when
            // there is one, else our own.
            string transaction = method.Connection.Transaction ?? "null";
            writer.WriteLine("int __total = 0;");
            writer.WriteLine($"global::System.Data.Common.DbTransaction? __transaction = {transaction};");
            writer.WriteLine("global::System.Data.Common.DbTransaction? __own = null;");
            writer.WriteLine("if (__transaction is null)");
            writer.OpenBrace();
            writer.WriteLine($"__own = __transaction = {flow.Call("__connection", "BeginTransaction")};");
            writer.CloseBrace();
            writer.WriteLine("else");
            writer.OpenBrace();

            // Inside the caller's transaction, a savepoint makes the call all-or-nothing even if the caller catches
            // the error and commits (SQLite would otherwise keep items 0..k-1).
            writer.WriteLine(flow.Call("__transaction", "Save", "\"sqlmint_execute_many\"") + ";");
            writer.CloseBrace();
            writer.WriteLine();
            writer.WriteLine("bool __done = false;");
            writer.WriteLine("try");
            writer.OpenBrace();

            // Drivers with DbBatch (Npgsql) send every item in one round trip.
            writer.WriteLine("if (__connection.CanCreateBatch)");
            writer.OpenBrace();
            writer.WriteLine("using global::System.Data.Common.DbBatch __batch = __connection.CreateBatch();");
            writer.WriteLine("__batch.Transaction = __transaction;");
            if (method.Command.CommandTimeout > 0)
            {
                writer.WriteLine($"__batch.Timeout = {method.Command.CommandTimeout};");
            }

            writer.WriteLine($"foreach ({many.ItemType} __item in {many.Collection})");
            writer.OpenBrace();
            writer.WriteLine("global::System.Data.Common.DbBatchCommand __batchCommand = __batch.CreateBatchCommand();");
            if (flow.Positional)
            {
                writer.WriteLine($"__batchCommand.CommandText = __positional ? {Literal(method.Command.PositionalSql!)} : {Literal(method.Command.Sql)};");
            }
            else
            {
                writer.WriteLine($"__batchCommand.CommandText = {Literal(method.Command.Sql)};");
            }

            if (method.Command.CommandType != "Text")
            {
                writer.WriteLine($"__batchCommand.CommandType = global::System.Data.CommandType.{method.Command.CommandType};");
            }

            IEnumerable<ParameterBindingSpec> all = method.Command.Bindings.Concat(many.ItemBindings);
            foreach ((ParameterBindingSpec binding, int i) in all.Select((b, i) => (b, i)))
            {
                EmitBinding(writer, binding, "__p" + i, "__batchCommand", positional: flow.Positional);
            }

            writer.WriteLine("__batch.BatchCommands.Add(__batchCommand);");
            writer.CloseBrace();
            writer.WriteLine();
            writer.WriteLine("if (__batch.BatchCommands.Count > 0)");
            writer.OpenBrace();
            EmitPrepare(writer, "__batch", flow);
            writer.WriteLine($"__total = {flow.Call("__batch", "ExecuteNonQuery")};");
            writer.CloseBrace();
            writer.CloseBrace();

            // Otherwise one prepared command, its parameters created once and their values set per item.
            writer.WriteLine("else");
            writer.OpenBrace();
            writer.WriteLine("using global::System.Data.Common.DbCommand __command = __connection.CreateCommand();");
            writer.WriteLine($"__command.CommandText = {Literal(method.Command.Sql)};");
            writer.WriteLine("__command.Transaction = __transaction;");
            if (method.Command.CommandTimeout > 0)
            {
                writer.WriteLine($"__command.CommandTimeout = {method.Command.CommandTimeout};");
            }

            if (method.Command.CommandType != "Text")
            {
                writer.WriteLine($"__command.CommandType = global::System.Data.CommandType.{method.Command.CommandType};");
            }

            var itemLocals = new List<(ParameterBindingSpec Binding, string Local)>();
            foreach ((ParameterBindingSpec binding, int i) in all.Select((b, i) => (b, i)))
            {
                string local = "__p" + i;
                writer.WriteLine($"{DbParameter} {local} = __command.CreateParameter();");
                writer.WriteLine($"{local}.ParameterName = {Literal(binding.SqlName)};");
                writer.WriteLine($"__command.Parameters.Add({local});");
                itemLocals.Add((binding, local));
            }

            writer.WriteLine("bool __prepared = false;");
            writer.WriteLine($"foreach ({many.ItemType} __item in {many.Collection})");
            writer.OpenBrace();
            foreach ((ParameterBindingSpec binding, string local) in itemLocals)
            {
                WriteValue(writer, binding, local);
            }

            writer.WriteLine("if (!__prepared)");
            writer.OpenBrace();
            writer.WriteLine(flow.Call("__command", "Prepare") + ";");
            writer.WriteLine("__prepared = true;");
            writer.CloseBrace();
            writer.WriteLine();
            writer.WriteLine($"__total += {flow.Call("__command", "ExecuteNonQuery")};");
            writer.CloseBrace();
            writer.CloseBrace();
            writer.WriteLine();
            writer.WriteLine("if (__own is not null)");
            writer.OpenBrace();
            writer.WriteLine(flow.Call("__own", "Commit") + ";");
            writer.CloseBrace();
            writer.WriteLine("else");
            writer.OpenBrace();
            writer.WriteLine(flow.Call("__transaction", "Release", "\"sqlmint_execute_many\"") + ";");
            writer.CloseBrace();
            writer.WriteLine();
            writer.WriteLine("__done = true;");
            writer.CloseBrace();
            writer.WriteLine("finally");
            writer.OpenBrace();
            writer.WriteLine("if (__own is not null)");
            writer.OpenBrace();
            writer.WriteLine(flow.Call("__own", "Dispose", takesToken: false) + ";");
            writer.CloseBrace();
            writer.WriteLine("else if (!__done)");
            writer.OpenBrace();
            writer.WriteLine($"{Support}.RollbackToSavepoint(__transaction, \"sqlmint_execute_many\");");
            writer.CloseBrace();
            writer.CloseBrace();
            writer.WriteLine();
            if (method.Shape == CommandShape.ExecuteRowCount)
            {
                writer.WriteLine("return __total;");
            }
        }

        /// <summary>A member, the local that holds its column's ordinal, and its type for error messages.</summary>
        private sealed record Ordinal(string Member, string Local, string ClrType, ColumnReadSpec Read);

        /// <summary>Writes the ordinal lookups (once per result set) and returns them in member order.</summary>
        private static List<Ordinal> EmitOrdinals(SourceWriter writer, MethodSpec method, ResultSetSpec resultSet, int set, Flow flow)
        {
            RowSpec row = resultSet.Row;
            var result = new List<Ordinal>();
            if (row.IsScalar)
            {
                result.Add(new Ordinal("(column 0)", "0", row.Scalar!.ClrType, row.Scalar));
                return result;
            }

            string name = Literal(method.DisplayName);
            if (row.IsTuple)
            {
                // Tuples bind by position: check the count once, then use constant ordinals.
                writer.WriteLine($"{Support}.RequireFieldCount(__reader, {row.ConstructorArguments.Count}, {name});");
                for (int i = 0; i < row.ConstructorArguments.Count; i++)
                {
                    result.Add(new Ordinal(row.ConstructorArguments[i].MemberName, Number(i), row.ConstructorArguments[i].Read.ClrType, row.ConstructorArguments[i].Read));
                }

                return result;
            }

            List<ColumnMemberSpec> members = row.ConstructorArguments.Concat(row.InitMembers).Concat(row.SettableMembers).ToList();
            int required = row.ConstructorArguments.Count + row.InitMembers.Count;
            if (resultSet.KnownOrdinals is { } known)
            {
                // The select list is fixed at build time, so its ordinals are constants; the names are checked
                // against the driver once per process, not on every call.
                string field = flow.FieldPrefix + "_" + Number(set);
                flow.Fields.Add(field);
                writer.WriteLine($"if (!{field})");
                writer.OpenBrace();
                writer.WriteLine($"{Support}.VerifyOrdinals(__reader, {name},");
                writer.Indent();
                writer.WriteLine($"new string[] {{ {string.Join(", ", members.Select(m => Literal(m.ColumnKey)))} }},");
                writer.WriteLine($"new string[] {{ {string.Join(", ", members.Select(m => Literal(m.MemberName)))} }},");
                writer.WriteLine($"new int[] {{ {string.Join(", ", known.Select(Number))} }});");
                writer.Unindent();
                writer.WriteLine($"{field} = true;");
                writer.CloseBrace();
                for (int i = 0; i < members.Count; i++)
                {
                    result.Add(new Ordinal(members[i].MemberName, Number(known[i]), members[i].Read.ClrType, members[i].Read));
                }

                return result;
            }

            for (int i = 0; i < members.Count; i++)
            {
                ColumnMemberSpec member = members[i];
                string local = $"__o{set}_{i}";
                writer.WriteLine(i < required
                    ? $"int {local} = {Support}.RequiredOrdinal(__reader, {Literal(member.ColumnKey)}, {Literal(member.MemberName)}, {name});"
                    : $"int {local} = {Support}.Ordinal(__reader, {Literal(member.ColumnKey)});");
                result.Add(new Ordinal(member.MemberName, local, member.Read.ClrType, member.Read));
            }

            return result;
        }

        /// <summary>Writes the statements that build <c>__row{set}</c> from the current reader row.</summary>
        private static void EmitRow(SourceWriter writer, RowSpec row, int set, List<Ordinal> ordinals, Flow flow)
        {
            string target = "__row" + set;
            if (row.IsScalar)
            {
                writer.WriteLine($"{row.Type} {target} = {Getter(row.Scalar!, "0", flow.StrictNumbers)};");
                return;
            }

            int index = 0;
            var arguments = new List<string>();
            foreach (ColumnMemberSpec member in row.ConstructorArguments)
            {
                arguments.Add(Getter(member.Read, ordinals[index++].Local, flow.StrictNumbers));
            }

            if (row.IsTuple)
            {
                writer.WriteLine($"{row.Type} {target} = ({string.Join(", ", arguments)});");
                return;
            }

            string construct = $"{row.Type} {target} = new {row.Type}({string.Join(", ", arguments)})";
            if (row.InitMembers.Count == 0)
            {
                writer.WriteLine(construct + ";");
            }
            else
            {
                writer.WriteLine(construct);
                writer.OpenBrace();
                foreach (ColumnMemberSpec member in row.InitMembers)
                {
                    writer.WriteLine($"{member.MemberName} = {Getter(member.Read, ordinals[index++].Local, flow.StrictNumbers)},");
                }

                writer.CloseBrace(";");
            }

            foreach (ColumnMemberSpec member in row.SettableMembers)
            {
                string ordinal = ordinals[index++].Local;
                if (ordinal == "-1")
                {
                    continue; // Known at build time: no column fills it, so it keeps its initial value.
                }

                bool constant = char.IsDigit(ordinal[0]);
                if (!constant)
                {
                    writer.WriteLine($"if ({ordinal} >= 0)");
                    writer.OpenBrace();
                }

                writer.WriteLine($"{target}.{member.MemberName} = {Getter(member.Read, ordinal, flow.StrictNumbers)};");
                if (!constant)
                {
                    writer.CloseBrace();
                }
            }
        }

        private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// Wraps row reading so a getter failure becomes an error naming the method, column, member and types.
        /// Only the failure path builds the arrays; the row loop pays nothing for better errors.
        /// </summary>
        private static void WriteGuarded(SourceWriter writer, string method, List<Ordinal> ordinals, Flow flow, System.Action body)
        {
            writer.WriteLine("try");
            writer.OpenBrace();
            body();
            writer.CloseBrace();
            writer.WriteLine($"catch (global::System.Exception __e) when ({Support}.IsReadError(__e))");
            writer.OpenBrace();
            writer.WriteLine($"throw {Support}.ReadError(__e, __reader, {method},");
            writer.Indent();
            writer.WriteLine($"new string[] {{ {string.Join(", ", ordinals.Select(o => Literal(o.Member)))} }},");
            writer.WriteLine($"new int[] {{ {string.Join(", ", ordinals.Select(o => o.Local))} }},");
            writer.WriteLine($"new global::System.Type[] {{ {string.Join(", ", ordinals.Select(o => $"typeof({o.ClrType})"))} }},");

            // The probe re-reads one member's column with its getter, so the error names the column that really
            // failed. One static lambda for all members: no closure over the reader (which would make every read in
            // the method go through a closure object) and no delegate per member. With one column there is nothing
            // to tell apart, and no probe code is emitted.
            if (ordinals.Count == 1)
            {
                writer.WriteLine("probe: null);");
            }
            else
            {
                writer.WriteLine("static (__reader, __member, __ordinal) => __member switch");
                writer.OpenBrace();
                for (int i = 0; i < ordinals.Count; i++)
                {
                    writer.WriteLine($"{Number(i)} => {Getter(ordinals[i].Read, "__ordinal", flow.StrictNumbers)},");
                }

                writer.WriteLine("_ => null,");
                writer.CloseBrace(");");
            }

            writer.Unindent();
            writer.CloseBrace();
        }

        /// <summary>A typed getter call, with NULL handling when the target allows it.</summary>
        private static string Getter(ColumnReadSpec read, string ordinal, bool strictNumbers)
        {
            string value = read.Getter == Parsing.TypeFacts.ReadUInt64 ? $"{Support}.ReadUInt64(__reader, {ordinal})"
                : strictNumbers && s_strictGetters.TryGetValue(read.Getter, out string? helper) ? $"{Support}.{helper}(__reader, {ordinal})"
                : $"__reader.{read.Getter}({ordinal})";
            if (read.Cast is not null)
            {
                value = read.CheckedCast ? $"checked(({read.Cast}){value})" : $"({read.Cast}){value}";
            }

            if (read.IsEnum)
            {
                // Enums may be stored as their name (text) or their number.
                value = $"(__reader.GetFieldType({ordinal}) == typeof(string) ? global::System.Enum.Parse<{read.ClrType}>(__reader.GetString({ordinal}), true) : {value})";
            }

            return read.IsNullable ? $"__reader.IsDBNull({ordinal}) ? default({read.Type}) : {value}" : value;
        }

        // Microsoft.Data.Sqlite's getters turn text that is not a number into 0 (false for a bool); these helpers check
        // the stored value when they see one (and read a REAL into a decimal without a string). Used only when the
        // project references Microsoft.Data.Sqlite.
        private static readonly System.Collections.Generic.Dictionary<string, string> s_strictGetters = new()
        {
            ["GetInt64"] = "ReadInt64",
            ["GetInt32"] = "ReadInt32",
            ["GetInt16"] = "ReadInt16",
            ["GetByte"] = "ReadByte",
            ["GetDouble"] = "ReadDouble",
            ["GetFloat"] = "ReadSingle",
            ["GetBoolean"] = "ReadBoolean",
            ["GetDecimal"] = "ReadDecimal", // not a check: a shortcut past the driver's text round trip for REAL values
        };

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
    }
}
