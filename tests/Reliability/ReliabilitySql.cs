namespace Sqlmint.ReliabilityTests;

// The generated methods the reliability suite drives, written as a user writes them. The same SQL runs on
// SQLite and PostgreSQL unless the name says otherwise.

/// <summary>A row of the <c>entry</c> table.</summary>
public sealed record Entry(long Id, string? Label, long Amount);

/// <summary>The same row, but with a non-nullable label: reading a NULL label into it is bad data.</summary>
public sealed record StrictEntry(long Id, string Label, long Amount);

public static partial class ReliabilitySql
{
    [Execute("create table entry (id bigint primary key, label text, amount bigint not null)")]
    public static partial void CreateEntryTable(this Session db);

    [Execute("insert into entry (id, label, amount) values (@id, @label, @amount)")]
    public static partial int InsertEntry(this Session db, long id, string? label, long amount);

    [Execute("insert into entry (id, label, amount) values (@id, @label, @amount)")]
    public static partial Task<int> InsertEntryAsync(this Session db, long id, string? label, long amount, CancellationToken ct = default);

    // Execute-many: once per item, binding the item's members.
    [Execute("insert into entry (id, label, amount) values (@Id, @Label, @Amount)")]
    public static partial int InsertEntries(this Session db, IEnumerable<Entry> entries);

    [Execute("update entry set amount = amount + @delta where id = @id")]
    public static partial Task<int> AddAmountAsync(this Session db, long id, long delta, CancellationToken ct = default);

    [Query("select id, label, amount from entry where id = @id")]
    public static partial Entry? FindEntry(this Session db, long id);

    [Query("select id, label, amount from entry where id = @id")]
    public static partial Task<Entry?> FindEntryAsync(this Session db, long id, CancellationToken ct = default);

    [Query("select id, label, amount from entry order by id")]
    public static partial List<Entry> AllEntries(this Session db);

    [Query("select id, label, amount from entry where id between @first and @last order by id")]
    public static partial Task<List<Entry>> EntriesBetweenAsync(this Session db, long first, long last, CancellationToken ct = default);

    // Bad data: a NULL label cannot go into StrictEntry.Label.
    [Query("select id, label, amount from entry where id between @first and @last order by id")]
    public static partial List<StrictEntry> StrictEntriesBetween(this Session db, long first, long last);

    [Query("select count(*) from entry")]
    public static partial long CountEntries(this Session db);

    [Query("select count(*) from entry where id between @first and @last")]
    public static partial Task<long> CountEntriesBetweenAsync(this Session db, long first, long last, CancellationToken ct = default);

    [Query("select id, label, amount from entry where id between @first and @last order by id")]
    public static partial IAsyncEnumerable<Entry> StreamEntries(this Session db, long first, long last, CancellationToken ct = default);

    [Query("select id, label, amount from entry where id between @first and @last order by id")]
    public static partial IAsyncEnumerable<StrictEntry> StreamStrictEntries(this Session db, long first, long last, CancellationToken ct = default);

    [Query("select @value + 1")]
    public static partial long Increment(this Session db, long value);

    [Query("select @value + 1")]
    public static partial Task<long> IncrementAsync(this Session db, long value, CancellationToken ct = default);
}

/// <summary>PostgreSQL only.</summary>
public static partial class PostgresSql
{
    [Query("select pg_backend_pid()")]
    public static partial int BackendPid(this Session db);

    [Query("select pg_backend_pid()")]
    public static partial Task<int> BackendPidAsync(this Session db, CancellationToken ct = default);

    [Query("select 1 from pg_sleep(@seconds)")]
    public static partial int Sleep(this Session db, double seconds);

    [Query("select 1 from pg_sleep(@seconds)")]
    public static partial Task<int> SleepAsync(this Session db, double seconds, CancellationToken ct = default);

    [Query("select 1 from pg_sleep(@seconds)", CommandTimeout = 1)]
    public static partial int SleepWithOneSecondTimeout(this Session db, double seconds);

    [Query("select 1 from pg_sleep(@seconds)", CommandTimeout = 1)]
    public static partial Task<int> SleepWithOneSecondTimeoutAsync(this Session db, double seconds, CancellationToken ct = default);

    [Query("select id, label, amount from entry, pg_sleep(@seconds) where id between @first and @last order by id")]
    public static partial IAsyncEnumerable<Entry> StreamEntriesSlowly(this Session db, long first, long last, double seconds, CancellationToken ct = default);
}
