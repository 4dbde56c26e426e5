using System.Data;
using System.Data.Common;

namespace Sqlmint.IntegrationTests.QuerySurface;

public enum Shade
{
    Red = 1,
    Green = 2,
    Blue = 3,
}

/// <summary>An enum stored by name wherever it is used.</summary>
[EnumAsText]
public enum Mood : byte
{
    Calm,
    Loud,
}

/// <summary>An object parameter and execute-many item whose enum member is sent by name.</summary>
public sealed record ShadeChange(long Id, [property: EnumAsText] Shade Shade);

/// <summary>Every supported column type, not nullable, with the enum stored as text (inherited members are bound too).</summary>
public sealed class TypesRow : TypesInput
{
    public Shade ShadeText { get; set; }
}

/// <summary>Every supported column type, not nullable, except the enum stored as text: it is sent as its name.</summary>
public class TypesInput
{
    public long Id { get; set; }
    public byte U8 { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public decimal Dec { get; set; }
    public bool Flag { get; set; }
    public string Txt { get; set; } = "";
    public char Ch { get; set; }
    public Guid Uid { get; set; }
    public DateTime Dt { get; set; }
    public DateTimeOffset Dto { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Tod { get; set; }
    public TimeSpan Span { get; set; }
    public byte[] Bin { get; set; } = [];
    public Shade ShadeNum { get; set; }
}

/// <summary>The nullable form of every supported column type.</summary>
public sealed class NullableTypesRow : NullableTypesInput
{
    public Shade? ShadeText { get; set; }
}

/// <summary>The nullable form of every supported column type, except the enum stored as text.</summary>
public class NullableTypesInput
{
    public long Id { get; set; }
    public byte? U8 { get; set; }
    public sbyte? I8 { get; set; }
    public short? I16 { get; set; }
    public ushort? U16 { get; set; }
    public int? I32 { get; set; }
    public uint? U32 { get; set; }
    public long? I64 { get; set; }
    public ulong? U64 { get; set; }
    public float? F32 { get; set; }
    public double? F64 { get; set; }
    public decimal? Dec { get; set; }
    public bool? Flag { get; set; }
    public string? Txt { get; set; }
    public char? Ch { get; set; }
    public Guid? Uid { get; set; }
    public DateTime? Dt { get; set; }
    public DateTimeOffset? Dto { get; set; }
    public DateOnly? Day { get; set; }
    public TimeOnly? Tod { get; set; }
    public TimeSpan? Span { get; set; }
    public byte[]? Bin { get; set; }
    public Shade? ShadeNum { get; set; }
}

/// <summary>The portable subset (no unsigned integers, no DateTimeOffset), for the parameter-only checks.</summary>
public sealed record PortableKey(long Id, byte U8, short I16, int I32, long I64, decimal Dec, bool Flag, string Txt, char Ch, Guid Uid, DateTime Dt, DateOnly Day, TimeOnly Tod, byte[] Bin, Shade ShadeNum);

/// <summary>A record with a primary constructor and <see cref="ColumnAttribute"/> overrides on its properties.</summary>
public sealed record RenamedRow(long Id, [property: Column("txt")] string Text, [property: Column("shade_text")] Shade Colour, [property: Column("u8")] byte Small);

/// <summary>A class with required and init members and a <see cref="ColumnAttribute"/> override on a property.</summary>
public sealed class InitRow
{
    public required long Id { get; init; }

    public required string Txt { get; init; }

    [Column("dec")]
    public decimal Amount { get; init; }

    public DateOnly? Day { get; set; }
}

/// <summary>A struct row, bound by settable members.</summary>
public struct StructRow
{
    public long Id { get; set; }

    public int I32 { get; set; }

    public Shade ShadeNum { get; set; }

    public string? Txt { get; set; }
}

/// <summary>A readonly record struct row, bound by its constructor.</summary>
public readonly record struct PointRow(long Id, double F64, bool Flag);

/// <summary>The type round trips on a purpose-built table. DDL differs per database; the queries do not.</summary>
public static partial class TypesSql
{
    [Execute("""
        insert into types (id, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, flag, txt, ch, uid, dt, dto, day, tod, span, bin, shade_num, shade_text)
        values (@Id, @U8, @I8, @I16, @U16, @I32, @U32, @I64, @U64, @F32, @F64, @Dec, @Flag, @Txt, @Ch, @Uid, @Dt, @Dto, @Day, @Tod, @Span, @Bin, @ShadeNum, @shadeText)
        """)]
    public static partial int Insert(this DbConnection db, TypesInput row, string shadeText);

    [Execute("""
        insert into types (id, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, flag, txt, ch, uid, dt, dto, day, tod, span, bin, shade_num, shade_text)
        values (@Id, @U8, @I8, @I16, @U16, @I32, @U32, @I64, @U64, @F32, @F64, @Dec, @Flag, @Txt, @Ch, @Uid, @Dt, @Dto, @Day, @Tod, @Span, @Bin, @ShadeNum, @shadeText)
        """)]
    public static partial int InsertNullable(this DbConnection db, NullableTypesInput row, string? shadeText);

    // Separate scalar parameters of each portable type (the DBMS-specific ones have their own methods below).
    [Execute("""
        insert into types (id, u8, i16, i32, i64, f32, f64, dec, flag, txt, ch, uid, dt, day, tod, span, bin, shade_num, shade_text)
        values (@id, @u8, @i16, @i32, @i64, @f32, @f64, @dec, @flag, @txt, @ch, @uid, @dt, @day, @tod, @span, @bin, @shadeNum, @shadeText)
        """)]
    public static partial int InsertScalars(this DbConnection db, long id, byte u8, short i16, int i32, long i64, float f32, double f64, decimal dec, bool flag,
        string txt, char ch, Guid uid, DateTime dt, DateOnly day, TimeOnly tod, TimeSpan span, byte[] bin, Shade shadeNum, string shadeText);

    [Execute("update types set i8 = @i8, u16 = @u16, u32 = @u32, u64 = @u64 where id = @id")]
    public static partial int SetUnsigned(this DbConnection db, long id, sbyte? i8, ushort? u16, uint? u32, ulong? u64);

    [Execute("update types set dto = @dto where id = @id")]
    public static partial int SetDto(this DbConnection db, long id, DateTimeOffset? dto);

    [Execute("update types set shade_text = @shade where id = @id")]
    public static partial int SetShadeText(this DbConnection db, long id, Shade shade);

    // Parameters in a where clause: every portable type compared for equality, so each one has to bind as a value
    // the database compares equal to what it stored.
    [Query("""
        select count(*) from types where id = @Id and u8 = @U8 and i16 = @I16 and i32 = @I32 and i64 = @I64 and dec = @Dec and flag = @Flag
        and txt = @Txt and ch = @Ch and uid = @Uid and dt = @Dt and day = @Day and tod = @Tod and bin = @Bin and shade_num = @ShadeNum
        """)]
    public static partial long CountMatching(this DbConnection db, PortableKey key);

    [Query("select id, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, flag, txt, ch, uid, dt, dto, day, tod, span, bin, shade_num, shade_text from types where id = @id")]
    public static partial TypesRow Get(this DbConnection db, long id);

    [Query("select id, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, flag, txt, ch, uid, dt, dto, day, tod, span, bin, shade_num, shade_text from types where id = @id")]
    public static partial Task<NullableTypesRow> GetNullableAsync(this DbConnection db, long id, CancellationToken ct = default);

    [Query("select id, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, flag, txt, ch, uid, dt, dto, day, tod, span, bin, shade_num, shade_text from types where id = @id")]
    public static partial NullableTypesRow GetNullable(this DbConnection db, long id);

    // Scalars of each type (column 0 of row 0).
    [Query("select dec from types where id = @id")]
    public static partial decimal Dec(this DbConnection db, long id);

    [Query("select uid from types where id = @id")]
    public static partial Guid? Uid(this DbConnection db, long id);

    [Query("select day from types where id = @id")]
    public static partial DateOnly? Day(this DbConnection db, long id);

    [Query("select tod from types where id = @id")]
    public static partial TimeOnly Tod(this DbConnection db, long id);

    [Query("select span from types where id = @id")]
    public static partial TimeSpan? Span(this DbConnection db, long id);

    [Query("select shade_text from types where id = @id")]
    public static partial Shade ShadeText(this DbConnection db, long id);

    [Query("select shade_num from types where id = @id")]
    public static partial Shade? ShadeNum(this DbConnection db, long id);

    [Query("select bin from types where id = @id")]
    public static partial byte[]? Bin(this DbConnection db, long id);

    [Query("select ch from types where id = @id")]
    public static partial char Ch(this DbConnection db, long id);

    [Query("select dt from types where id = @id")]
    public static partial DateTime Dt(this DbConnection db, long id);

    [Query("select f32 from types where id = @id")]
    public static partial float F32(this DbConnection db, long id);

    [Query("select flag from types where id = @id")]
    public static partial bool? Flag(this DbConnection db, long id);

    [Query("select i16 from types where id = @id")]
    public static partial short I16(this DbConnection db, long id);

    [Query("select u8 from types where id = @id")]
    public static partial byte U8(this DbConnection db, long id);

    // Row shapes.
    [Query("select id, txt, day from types order by id")]
    public static partial List<(long Id, string? Txt, DateOnly? Day)> Tuples(this DbConnection db);

    [Query("select id, txt, shade_text, u8 from types where id = @id")]
    public static partial RenamedRow Renamed(this DbConnection db, long id);

    [Query("select id, txt, dec, day from types where id = @id")]
    public static partial InitRow InitRow(this DbConnection db, long id);

    [Query("select id, i32, shade_num, txt from types order by id")]
    public static partial StructRow[] Structs(this DbConnection db);

    [Query("select id, f64, flag from types where id = @id")]
    public static partial PointRow? Point(this DbConnection db, long id);

    [Query("select id, f64, flag from types order by id")]
    public static partial IAsyncEnumerable<PointRow> StreamPoints(this DbConnection db, CancellationToken ct = default);
}

/// <summary>Rows whose columns cannot convert to their members.</summary>
public sealed record TrackNameAsNumber(long TrackId, int Name);

public sealed record TrackNameAsGuid(long TrackId, Guid Name);

public sealed record TrackNameAsDate(long TrackId, DateTime Name);

public static partial class MappingSql
{
    [Query("select track_id, name from track where track_id = @trackId")]
    public static partial TrackNameAsNumber NameAsNumber(this DbConnection db, long trackId);

    [Query("select track_id, name from track where track_id = @trackId")]
    public static partial TrackNameAsGuid NameAsGuid(this DbConnection db, long trackId);

    [Query("select track_id, name from track where track_id = @trackId")]
    public static partial List<TrackNameAsDate> NameAsDate(this DbConnection db, long trackId);

    [Query("select name from track where track_id = @trackId")]
    public static partial int NameAsScalar(this DbConnection db, long trackId);
}

/// <summary>Single-column rows and scalars whose column cannot convert, and the unsigned reads on PostgreSQL.</summary>
public sealed record OnlyNameAsGuid(Guid Name);

public sealed record OnlyNameAsDate(DateTime Name);

public sealed record OnlyNameAsNumber(int Name);

public static partial class TypeEdgeSql
{
    [Query("select name from track where track_id = @trackId")]
    public static partial OnlyNameAsGuid OnlyNameAsGuid(this DbConnection db, long trackId);

    [Query("select name from track where track_id = @trackId")]
    public static partial List<OnlyNameAsDate> OnlyNameAsDate(this DbConnection db, long trackId);

    [Query("select name from track where track_id = @trackId")]
    public static partial OnlyNameAsNumber OnlyNameAsNumber(this DbConnection db, long trackId);

    [Execute("""
        insert into types (id, u8, i16, i32, i64, f32, f64, dec, flag, txt, ch, uid, dt, day, tod, span, bin, shade_num, shade_text)
        values (@id, @u8, @i16, @i32, @i64, @f32, @f64, @dec, @flag, @txt, @ch, @uid, @dt, @day, @tod, @span, @bin, @shadeNum, @shadeText)
        """)]
    public static partial int InsertNullableScalars(this DbConnection db, long id, byte? u8, short? i16, int? i32, long? i64, float? f32, double? f64, decimal? dec, bool? flag,
        string? txt, char? ch, Guid? uid, DateTime? dt, DateOnly? day, TimeOnly? tod, TimeSpan? span, byte[]? bin, Shade? shadeNum, string? shadeText);

    [Execute("update types set i8 = @value where id = @id")]
    public static partial int SetI8(this DbConnection db, long id, sbyte value);

    [Execute("update types set u16 = @value where id = @id")]
    public static partial int SetU16(this DbConnection db, long id, ushort value);

    [Execute("update types set u32 = @value where id = @id")]
    public static partial int SetU32(this DbConnection db, long id, uint value);

    [Execute("update types set u64 = @value where id = @id")]
    public static partial int SetU64(this DbConnection db, long id, ulong value);

    [Execute("update types set i8 = @value where id = @id")]
    public static partial int SetI8OrNull(this DbConnection db, long id, sbyte? value);

    [Execute("update types set u16 = @value where id = @id")]
    public static partial int SetU16OrNull(this DbConnection db, long id, ushort? value);

    [Execute("update types set u32 = @value where id = @id")]
    public static partial int SetU32OrNull(this DbConnection db, long id, uint? value);

    [Execute("update types set u64 = @value where id = @id")]
    public static partial int SetU64OrNull(this DbConnection db, long id, ulong? value);

    [Query("select i8 from types where id = @id")]
    public static partial sbyte? I8(this DbConnection db, long id);

    [Query("select u16 from types where id = @id")]
    public static partial ushort? U16(this DbConnection db, long id);

    [Query("select u32 from types where id = @id")]
    public static partial uint? U32(this DbConnection db, long id);

    [Query("select u64 from types where id = @id")]
    public static partial ulong? U64(this DbConnection db, long id);

    [Query("select dto from types where id = @id")]
    public static partial DateTimeOffset? Dto(this DbConnection db, long id);

    [Query("select shade_text from types where id = @id")]
    public static partial string? ShadeTextStored(this DbConnection db, long id);

    [Query("select txt from types where id = @id")]
    public static partial long TxtAsInt64(this DbConnection db, long id);

    [Query("select txt from types where id = @id")]
    public static partial double TxtAsDouble(this DbConnection db, long id);

    [Query("select txt from types where id = @id")]
    public static partial bool TxtAsBoolean(this DbConnection db, long id);

    [Query("select bin from types where id = @id")]
    public static partial int BinAsInt32(this DbConnection db, long id);
}

/// <summary>[EnumAsText] on parameters, members, in-lists and an enum type.</summary>
public static partial class EnumTextSql
{
    [Execute("update types set shade_text = @shade where id = @id")]
    public static partial int SetShadeName(this DbConnection db, long id, [EnumAsText] Shade shade);

    [Execute("update types set shade_text = @shade where id = @id")]
    public static partial int SetShadeNameOrNull(this DbConnection db, long id, [EnumAsText] Shade? shade);

    [Execute("update types set shade_text = @Shade where id = @Id")]
    public static partial int SetShadeTextFrom(this DbConnection db, ShadeChange change);

    [Execute("update types set shade_text = @Shade where id = @Id")]
    public static partial int SetShadeTexts(this DbConnection db, IEnumerable<ShadeChange> changes);

    [Query("select id from types where shade_text in @shades order by id")]
    public static partial List<long> IdsWithShadeText(this DbConnection db, [EnumAsText] IEnumerable<Shade> shades);

    [Query("select shade_text from types where id = @id")]
    public static partial Shade? ShadeByName(this DbConnection db, long id);

    [Execute("update types set shade_text = @mood where id = @id")]
    public static partial int SetMood(this DbConnection db, long id, Mood mood);

    [Query("select shade_text from types where id = @id")]
    public static partial Mood MoodOf(this DbConnection db, long id);

    [Execute("update types set shade_num = @shade where id = @id")]
    public static partial int SetShadeNumber(this DbConnection db, long id, Shade shade);
}

/// <summary>A REAL column read into decimals, for the SQLite decimal shortcut.</summary>
public static partial class RealAsDecimalSql
{
    [Query("select f64 from types order by id")]
    public static partial List<decimal> F64AsDecimals(this DbConnection db);

    [Query("select f64 from types where id = @id")]
    public static partial decimal? F64AsDecimal(this DbConnection db, long id);
}
