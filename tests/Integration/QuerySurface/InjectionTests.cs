using Npgsql;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class InjectionTestsOnSqlite() : InjectionTests(Dbms.Sqlite);

public sealed class InjectionTestsOnPostgres() : InjectionTests(Dbms.Postgres);

/// <summary>
/// Values full of SQL metacharacters round-trip as data through every parameter path: a scalar, an object member,
/// an in-list, PostgreSQL's array and execute-many. Were a value spliced into the SQL text, each of these would
/// break the statement, match other rows, or drop the table. On PostgreSQL the server's own record of the
/// statement it last ran (<c>pg_stat_activity.query</c>) is checked too: it never contains a value.
/// </summary>
public abstract class InjectionTests(Dbms dbms) : SurfaceTest(dbms), IAsyncLifetime
{
    // Each value carries a marker, so the statement text can be searched for any of them.
    const string Marker = "zq9";

    static readonly string[] Hostile =
    [
        "'", "''", "';", "'; drop table note; --", "x' or '1'='1", "') or 1=1 --", "-- a comment", "/* an open comment",
        "*/ select 1; /*", ";", "; delete from note", "$$", "$$; drop table note; $$", "$tag$ x $tag$", "\\", "\\'",
        "E'\\\\'", "\\'; drop table note; --", "@body", "@Id", "$1", "?", ":name", "\"; drop table note; --", "`x`",
        "[x]", "%", "_", "ünïcødé ✓ 😀", "line\nbreak\r\ttab",
    ];

    static List<Note> Notes(int first) => Hostile.Select((value, i) => new Note(first + i, Marker + value)).ToList();

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection.CreateNoteTable();
    }

    [Fact]
    public void A_scalar_parameter_carries_each_value_as_data()
    {
        foreach (Note note in Notes(1))
        {
            Assert.Equal(1, Connection.InsertNote(note.Id, note.Body));
            AssertStatementHasNoValue();
            Assert.Equal(note, Connection.FindNote(note.Body));
            AssertStatementHasNoValue();
        }

        Assert.Equal(Notes(1), Connection.AllNotes());
    }

    [Fact]
    public void An_object_member_carries_each_value_as_data()
    {
        foreach (Note note in Notes(1))
        {
            Assert.Equal(1, Connection.InsertNote(note));
            AssertStatementHasNoValue();
        }

        Assert.Equal(Notes(1), Connection.AllNotes());
    }

    [Fact]
    public void Execute_many_carries_each_value_as_data()
    {
        Assert.Equal(Hostile.Length, Connection.InsertNotes(Notes(1)));
        AssertStatementHasNoValue();
        Assert.Equal(Notes(1), Connection.AllNotes());
    }

    [Fact]
    public void An_in_list_matches_exactly_the_hostile_values_it_holds()
    {
        Connection.InsertNotes(Notes(1));
        Connection.InsertNote(1000, "plain");

        // All at once, one at a time, and mixed with a value that matches nothing.
        Assert.Equal(Notes(1), Connection.NotesIn(Notes(1).Select(n => n.Body)));
        AssertStatementHasNoValue();
        foreach (Note note in Notes(1))
            Assert.Equal([note], Connection.NotesIn([note.Body, Marker + "no such value"]));
        AssertStatementHasNoValue();

        // Unmarked metacharacters alone match nothing: no value may turn into SQL that matches every row.
        Assert.Empty(Connection.NotesIn(Hostile));
        Assert.Equal(Hostile.Length + 1L, Count("select count(*) from note"));
    }

    [Fact]
    public void A_postgres_array_matches_exactly_the_hostile_values_it_holds()
    {
        if (Connection is not NpgsqlConnection npgsql)
        {
            Assert.Equal(Dbms.Sqlite, Dbms); // arrays are PostgreSQL's; SQLite has no such parameter
            return;
        }

        Connection.InsertNotes(Notes(1));
        Assert.Equal(Notes(1), npgsql.NotesAny(Notes(1).Select(n => n.Body).ToArray()));
        AssertStatementHasNoValue();
        Assert.Empty(npgsql.NotesAny(Hostile));
        Assert.Equal([Notes(1)[3]], npgsql.NotesAny([Notes(1)[3].Body]));
    }

    /// <summary>
    /// On PostgreSQL, the text of the statement the test connection's backend last ran, as the server recorded it,
    /// holds no value. (On SQLite the exact round trips above are the proof: a spliced quote breaks the statement.)
    /// </summary>
    void AssertStatementHasNoValue()
    {
        if (Connection is not NpgsqlConnection npgsql)
            return;
        string statement = (string)Scalar($"select query from pg_stat_activity where pid = {npgsql.ProcessID}")!;
        Assert.False(string.IsNullOrEmpty(statement));
        Assert.DoesNotContain(Marker, statement, StringComparison.Ordinal);
    }
}
