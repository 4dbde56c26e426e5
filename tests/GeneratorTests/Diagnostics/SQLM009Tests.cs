using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM009Tests
{
    [Fact]
    public void Fires_on_a_row_type_with_two_constructors_and_no_parameterless_one()
    {
        var d = DiagnosticAssert.Fires("""
            public sealed class Row
            {
                public Row(long a) { A = a; }
                public Row(long a, string b) { A = a; }
                public long A { get; }
            }

            public static partial class Q
            {
                [Query("select 1 as a")]
                public static partial List<Row> Rows(DbConnection db);
            }
            """, "SQLM009", "List<Row>");
        Assert.Contains("2 accessible constructors", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fires_on_an_abstract_row_type()
    {
        DiagnosticAssert.Fires("""
            public abstract class Row { public long A { get; set; } }

            public static partial class Q
            {
                [Query("select 1 as a")]
                public static partial Row One(DbConnection db);
            }
            """, "SQLM009", "Row");
    }

    [Fact]
    public void Does_not_fire_on_a_class_with_settable_members()
    {
        DiagnosticAssert.DoesNotFire("""
            public sealed class Row { public long A { get; set; } public string? B { get; init; } }

            public static partial class Q
            {
                [Query("select 1 as a, 'x' as b")]
                public static partial Row One(DbConnection db);
            }
            """, "SQLM009");
    }
}
