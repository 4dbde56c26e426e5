using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM016Tests
{
    [Fact]
    public void Fires_on_execute_of_a_select()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Execute("select AlbumId from Album")]
                public static partial int Run(DbConnection db);
            }
            """, "SQLM016", "select AlbumId from Album", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Does_not_fire_on_execute_of_writes()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Execute("insert into Album (AlbumId, Title, ArtistId) values (@id, 'x', 1); update Album set Title = 'y' where AlbumId = @id")]
                public static partial int Run(DbConnection db, long id);
            }
            """, "SQLM016");
    }
}
