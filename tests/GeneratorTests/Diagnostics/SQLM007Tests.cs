using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM007Tests
{
    [Fact]
    public void Fires_when_two_parameters_are_connections()
    {
        DiagnosticAssert.Fires("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static partial long Count(DbConnection db, SqliteConnection other);
            }
            """, "SQLM007", "other");
    }

    [Fact]
    public void Does_not_fire_with_one_connection()
    {
        DiagnosticAssert.DoesNotFire("""
            public static partial class Q
            {
                [Query("select count(*) from Album")]
                public static partial long Count(DbConnection db);
            }
            """, "SQLM007");
    }
}
