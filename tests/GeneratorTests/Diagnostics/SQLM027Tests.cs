using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM027Tests
{
    [Fact]
    public void Fires_on_a_column_two_joined_tables_have()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from album a join artist ar on ar.artist_id = a.artist_id where artist_id = 1")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM027", "artist_id", schema: DiagnosticAssert.Schema);
    }

    [Fact]
    public void Does_not_fire_when_qualified()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from album a join artist ar on ar.artist_id = a.artist_id where a.artist_id = 1")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM027", schema: DiagnosticAssert.Schema);
    }
}
