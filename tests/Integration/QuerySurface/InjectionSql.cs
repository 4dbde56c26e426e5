using System.Data.Common;
using Npgsql;

namespace Sqlmint.IntegrationTests.QuerySurface;

/// <summary>A row whose text is hostile: the object-member and execute-many paths bind <see cref="Body"/>.</summary>
public sealed record Note(long Id, string Body);

/// <summary>Every parameter path, on a purpose-built table, for the injection tests.</summary>
public static partial class InjectionSql
{
    [Execute("create table note (id bigint primary key, body text not null)")]
    public static partial void CreateNoteTable(this DbConnection db);

    // A scalar parameter, written and compared.
    [Execute("insert into note (id, body) values (@id, @body)")]
    public static partial int InsertNote(this DbConnection db, long id, string body);

    [Query("select id, body from note where body = @body")]
    public static partial Note? FindNote(this DbConnection db, string body);

    // An object parameter's members.
    [Execute("insert into note (id, body) values (@Id, @Body)")]
    public static partial int InsertNote(this DbConnection db, Note note);

    // An in-list, expanded to one parameter per element.
    [Query("select id, body from note where body in @bodies order by id")]
    public static partial List<Note> NotesIn(this DbConnection db, IEnumerable<string> bodies);

    // Execute-many: one prepared command (a DbBatch on Npgsql) for all items.
    [Execute("insert into note (id, body) values (@Id, @Body)")]
    public static partial int InsertNotes(this DbConnection db, IEnumerable<Note> notes);

    [Query("select id, body from note order by id")]
    public static partial List<Note> AllNotes(this DbConnection db);
}

/// <summary>PostgreSQL's array parameter, for the injection tests.</summary>
public static partial class PostgresInjectionSql
{
    [Query("select id, body from note where body = any(@bodies) order by id")]
    public static partial List<Note> NotesAny(this NpgsqlConnection db, string[] bodies);
}
