using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM029Tests
{
    private const string Body = """
        public static partial class Q
        {
            [Query("select count(*) from album")]
            public static partial long Count(DbConnection db);
        }
        """;

    [Fact]
    public void Fires_on_a_create_table_the_parser_cannot_read()
    {
        Diagnostic d = DiagnosticAssert.Fires(Body, "SQLM029", severity: DiagnosticSeverity.Warning,
            schema: DiagnosticAssert.Schema + "\ncreate table broken (id integer,);\n");
        Assert.Equal("/schema/schema.sql", d.Location.GetLineSpan().Path);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line); // 0-based: the third line
    }

    [Fact]
    public void Does_not_fire_on_a_readable_schema()
    {
        DiagnosticAssert.DoesNotFire(Body, "SQLM029", schema: DiagnosticAssert.Schema);
    }
}
