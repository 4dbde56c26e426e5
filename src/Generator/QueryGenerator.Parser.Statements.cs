using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Sql;

namespace Sqlmint.Generator;

public sealed partial class QueryGenerator
{
    internal static partial class Parser
    {
        /// <summary>
        /// Checks the SQL's statements against what the method does with them: how many result sets it reads,
        /// whether it reads rows at all, and (when the scanner can tell the columns) whether the columns fit the
        /// row type. Every check stays silent when the scanner cannot tell, so valid SQL never gets an error.
        /// </summary>
        private static void CheckStatements(State state, string sql, SqlScanResult scan, CommandShape? shape, List<ResultSetSpec> sets, AttributeOptions options)
        {
            foreach (SqlStatementInfo statement in scan.Statements)
            {
                if (statement.Kind is SqlStatementKind.Update or SqlStatementKind.Delete && !statement.HasWhere)
                {
                    state.Report(Descriptors.MissingWhere, state.SqlMap.Locate(statement.Offset, Math.Min(6, statement.Length)),
                        state.DisplayName, statement.Kind.ToString().ToUpperInvariant());
                }

                if (statement.SelectsStar)
                {
                    state.Report(Descriptors.SelectStar, state.SqlMap.Locate(statement.Offset, statement.Length), state.DisplayName);
                }
            }

            if (options.HasCardinality && !(sets.Count == 1 && sets[0].Shape is ResultShape.Single or ResultShape.SingleOrNone or ResultShape.First or ResultShape.FirstOrDefault))
            {
                state.Report(Descriptors.CardinalityIgnored, state.MethodLocation, state.DisplayName);
            }

            List<SqlStatementInfo> rowStatements = scan.Statements.Where(s => ReturnsRows(s) == true).ToList();
            bool allKnown = scan.Statements.All(s => ReturnsRows(s) is not null);

            if (state.Kind == CommandKind.Execute)
            {
                foreach (SqlStatementInfo statement in rowStatements)
                {
                    state.Report(Descriptors.ExecuteDiscardsRows, state.SqlMap.Locate(statement.Offset, statement.Length), state.DisplayName);
                }

                return;
            }

            if (shape is null || !allKnown)
            {
                return;
            }

            if (rowStatements.Count == 0)
            {
                state.Report(Descriptors.QueryWithoutRows, state.SqlMap.Locate(0, sql.Length), state.DisplayName);
                return;
            }

            if (rowStatements.Count != sets.Count)
            {
                state.Report(Descriptors.ResultSetCountMismatch, state.SqlMap.Locate(0, sql.Length), state.DisplayName,
                    sets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    rowStatements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            for (int i = 0; i < sets.Count; i++)
            {
                CheckColumns(state, sql, rowStatements[i], sets[i].Row);
                if (KnownOrdinals(rowStatements[i], sets[i].Row) is { } ordinals)
                {
                    sets[i] = sets[i] with { KnownOrdinals = ordinals };
                }
            }
        }

        /// <summary>True if the statement returns rows, false if it cannot, null when the scanner cannot tell.</summary>
        private static bool? ReturnsRows(SqlStatementInfo statement) => statement.Kind switch
        {
            SqlStatementKind.Select or SqlStatementKind.Values => true,
            SqlStatementKind.Insert or SqlStatementKind.Update or SqlStatementKind.Delete or SqlStatementKind.Merge => statement.HasReturning,
            SqlStatementKind.Create or SqlStatementKind.Drop or SqlStatementKind.Alter
                or SqlStatementKind.Begin or SqlStatementKind.Commit or SqlStatementKind.Rollback => false,
            _ => null,
        };

        private static void CheckColumns(State state, string sql, SqlStatementInfo statement, RowSpec row)
        {
            if (statement.Columns is not { } columns)
            {
                return;
            }

            LocationInfo? whole = state.SqlMap.Locate(statement.Offset, statement.Length);
            string rowType = row.Type.Replace("global::", string.Empty);
            if (row.IsScalar)
            {
                if (columns.Count > 1)
                {
                    state.Report(Descriptors.ScalarOfManyColumns, whole, state.DisplayName, columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return;
            }

            if (row.IsTuple)
            {
                if (columns.Count < row.ConstructorArguments.Count)
                {
                    state.Report(Descriptors.RequiredMemberWithoutColumn, whole, state.DisplayName, rowType,
                        $"the tuple has {row.ConstructorArguments.Count} elements but the SQL selects {columns.Count} columns");
                }

                return;
            }

            var keys = new HashSet<string>(columns.Select(Parsing.RowFacts.Key), StringComparer.Ordinal);
            foreach (ColumnMemberSpec member in row.ConstructorArguments.Concat(row.InitMembers))
            {
                if (!keys.Contains(member.ColumnKey))
                {
                    state.Report(Descriptors.RequiredMemberWithoutColumn, whole, state.DisplayName, rowType,
                        $"'{member.MemberName}' must be filled but no selected column matches it; select it or alias a column as {member.MemberName}");
                }
            }

            var memberKeys = new HashSet<string>(
                row.ConstructorArguments.Concat(row.InitMembers).Concat(row.SettableMembers).Select(m => m.ColumnKey), StringComparer.Ordinal);
            foreach (string column in columns)
            {
                if (!memberKeys.Contains(Parsing.RowFacts.Key(column)))
                {
                    state.Report(Descriptors.ColumnWithoutMember, LocateWord(state, sql, statement, column) ?? whole, column, state.DisplayName, rowType);
                }
            }
        }

        /// <summary>
        /// Each member's column ordinal, when the select list is known and fills every required member; null
        /// otherwise (the generated code then looks the ordinals up by name once per result set).
        /// </summary>
        private static EquatableArray<int>? KnownOrdinals(SqlStatementInfo statement, RowSpec row)
        {
            if (row.IsScalar || row.IsTuple || statement.Columns is not { } columns)
            {
                return null;
            }

            var keys = columns.Select(Parsing.RowFacts.Key).ToList();
            var ordinals = new List<int>();
            foreach (ColumnMemberSpec member in row.ConstructorArguments.Concat(row.InitMembers))
            {
                int ordinal = keys.IndexOf(member.ColumnKey);
                if (ordinal < 0)
                {
                    return null;
                }

                ordinals.Add(ordinal);
            }

            ordinals.AddRange(row.SettableMembers.Select(member => keys.IndexOf(member.ColumnKey)));
            return ordinals.ToEquatableArray();
        }

        /// <summary>Two method parameters whose names differ only in case would bind the same @name.</summary>
        private static void CheckDuplicateNames(State state, List<IParameterSymbol> values)
        {
            var seen = new Dictionary<string, IParameterSymbol>(StringComparer.OrdinalIgnoreCase);
            foreach (IParameterSymbol parameter in values)
            {
                if (seen.TryGetValue(parameter.Name, out IParameterSymbol? first))
                {
                    state.Report(Descriptors.DuplicateParameter, LocationOf(parameter), first.Name, parameter.Name, state.DisplayName);
                }
                else
                {
                    seen.Add(parameter.Name, parameter);
                }
            }
        }

        // Points at the column's name in the statement when it appears there as a whole word; otherwise null.
        private static LocationInfo? LocateWord(State state, string sql, SqlStatementInfo statement, string word)
        {
            int at = SqlText.IndexOfWord(sql, word, statement.Offset, statement.Offset + statement.Length);
            return at < 0 ? null : state.SqlMap.Locate(at, word.Length);
        }
    }
}
