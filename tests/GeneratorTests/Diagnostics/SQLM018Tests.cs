using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM018Tests
{
    [Theory]
    [InlineData("update Album set Title = @title", "update")]
    [InlineData("delete from Album", "delete")]
    public void Fires_on_update_or_delete_without_where(string sql, string keyword)
    {
        string parameters = sql.Contains('@') ? ", string title" : "";
        DiagnosticAssert.Fires($$"""
            public static partial class Q
            {
                [Execute("{{sql}}")]
                public static partial int Run(DbConnection db{{parameters}});
            }
            """, "SQLM018", keyword, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Does_not_fire_with_a_where_clause()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Execute("delete from Album where AlbumId = @id; update Album set Title = 'x' where true")]
                public static partial int Run(DbConnection db, long id);
            }
            """, "SQLM018");
    }
}
