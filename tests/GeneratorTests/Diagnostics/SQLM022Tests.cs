using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM022Tests
{
    [Fact]
    public void Fires_on_a_scalar_of_a_two_column_select()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select AlbumId, Title from Album where AlbumId = @id")]
                public static partial long Id(DbConnection db, long id);
            }
            """, "SQLM022", severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Does_not_fire_on_one_column()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select Title from Album where AlbumId = @id")]
                public static partial string? Title(DbConnection db, long id);
            }
            """, "SQLM022");
    }
}
