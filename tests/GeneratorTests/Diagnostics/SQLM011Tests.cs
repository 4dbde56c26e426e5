using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM011Tests
{
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  -- nothing here\"")]
    [InlineData("\"/* only a comment */ ;\"")]
    public void Fires_on_empty_sql(string literal)
    {
        DiagnosticAssert.Fires($$"""
            public static partial class Q
            {
                [Execute({{literal}})]
                public static partial void Nothing(DbConnection db);
            }
            """, "SQLM011");
    }

    [Fact]
    public void Does_not_fire_on_a_statement()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Execute("delete from Album where AlbumId < 0")]
                public static partial void Nothing(DbConnection db);
            }
            """, "SQLM011");
    }
}
