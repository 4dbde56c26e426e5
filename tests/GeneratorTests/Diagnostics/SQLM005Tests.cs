using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Diagnostics;

public sealed class SQLM005Tests
{
    [Theory]
    [InlineData("[Query(\"select count(*) from Album\")] public static partial void Count(DbConnection db);", "void")]
    [InlineData("[Execute(\"delete from Album\")] public static partial long Count(DbConnection db);", "long")]
    [InlineData("[Execute(\"delete from Album\")] public static partial IAsyncEnumerable<int> Count(DbConnection db);", "IAsyncEnumerable<int>")]
    [InlineData("[Query(\"select * from Album\")] public static partial Dictionary<long, Album> Count(DbConnection db);", "Dictionary<long, Album>")]
    public void Fires_on_a_return_type_that_cannot_be_produced(string method, string returnType)
    {
        DiagnosticAssert.Fires("public static partial class Q { " + method + " }", "SQLM005", returnType);
    }

    [Theory]
    [InlineData("[Query(\"select count(*) from Album\")] public static partial long Count(DbConnection db);")]
    [InlineData("[Execute(\"delete from Album where AlbumId = 1\")] public static partial int Count(DbConnection db);")]
    [InlineData("[Execute(\"delete from Album where AlbumId = 1\")] public static partial void Count(DbConnection db);")]
    [InlineData("[Query(\"select AlbumId, Title, ArtistId from Album\")] public static partial IEnumerable<Album> Count(DbConnection db);")]
    [InlineData("[Query(\"select count(*) from Album\")] public static partial System.Threading.Tasks.Task<long> Count(DbConnection db);")]
    [InlineData("[Query(\"select AlbumId, Title, ArtistId from Album\")] public static partial IAsyncEnumerable<Album> Count(DbConnection db);")]
    [InlineData("[Execute(\"delete from Album where AlbumId = 1\")] public static partial System.Threading.Tasks.ValueTask<int> Count(DbConnection db);")]
    public void Does_not_fire_on_supported_return_types(string method)
    {
        DiagnosticAssert.DoesNotFire("public static partial class Q { " + method + " }", "SQLM005");
    }
}
