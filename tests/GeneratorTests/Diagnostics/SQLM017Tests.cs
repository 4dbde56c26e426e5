using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM017Tests
{
    [Fact]
    public void Fires_on_query_of_an_update_without_returning()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("update Album set Title = @title where AlbumId = @id")]
                public static partial long Rename(DbConnection db, long id, string title);
            }
            """, "SQLM017");
    }

    [Fact]
    public void Does_not_fire_with_returning()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("update Album set Title = @title where AlbumId = @id returning AlbumId")]
                public static partial long Rename(DbConnection db, long id, string title);
            }
            """, "SQLM017");
    }
}
