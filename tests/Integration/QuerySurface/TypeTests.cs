using System.Data;
using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class TypeTestsOnSqlite() : TypeTests(Dbms.Sqlite);

public sealed class TypeTestsOnPostgres() : TypeTests(Dbms.Postgres);

/// <summary>
/// Every supported type as a parameter and as a column, round-tripped through the purpose-built <c>types</c> table
/// (<see cref="TypesTable"/>). Where a type cannot round-trip on one database with its driver, the test asserts what
/// does happen, and says why.
/// </summary>
public abstract class TypeTests(Dbms dbms) : SurfaceTest(dbms), IAsyncLifetime
{
    static readonly Guid s_uid = new("0f8fad5b-d9cb-469f-a165-70867728950e");
    // Microsecond precision: PostgreSQL's timestamp and time keep microseconds, not .NET's 100 ns ticks.
    static readonly DateTime s_dt = new DateTime(2024, 2, 29, 13, 45, 10, 123, DateTimeKind.Unspecified).AddTicks(4560);
    static readonly DateOnly s_day = new(2024, 2, 29);
    static readonly TimeOnly s_tod = new(23, 59, 59, 123, 456);
    static readonly TimeSpan s_span = new(1, 2, 3, 4, 500);
    const decimal Dec = 1234567890123456789.0123456789m;
    const string Txt = "héllo ✓ 'single' \"double\" -- not a comment";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        TypesTable.Create(Connection, Dbms);
    }

    void InsertPortable(long id) => Connection.InsertScalars(id, byte.MaxValue, short.MinValue, int.MinValue, long.MinValue, 3.25f, Math.PI, Dec, flag: true,
        Txt, 'é', s_uid, s_dt, s_day, s_tod, s_span, [0, 1, 127, 255], Shade.Blue, "Green");

    [Fact]
    public void Portable_types_round_trip_as_separate_parameters_and_as_columns()
    {
        Assert.Equal(1, InsertPortable_(1));

        NullableTypesRow row = Connection.GetNullable(1);
        Assert.Equal(byte.MaxValue, row.U8);
        Assert.Equal(short.MinValue, row.I16);
        Assert.Equal(int.MinValue, row.I32);
        Assert.Equal(long.MinValue, row.I64);
        Assert.Equal(3.25f, row.F32);
        Assert.Equal(Math.PI, row.F64);
        Assert.Equal(Dec, row.Dec);
        Assert.True(row.Flag);
        Assert.Equal(Txt, row.Txt);
        Assert.Equal('é', row.Ch);
        Assert.Equal(s_uid, row.Uid);
        Assert.Equal(s_dt, row.Dt);
        Assert.Equal(s_day, row.Day);
        Assert.Equal(s_tod, row.Tod);
        Assert.Equal(s_span, row.Span);
        Assert.Equal(new byte[] { 0, 1, 127, 255 }, row.Bin);
        Assert.Equal(Shade.Blue, row.ShadeNum);
        Assert.Equal(Shade.Green, row.ShadeText); // stored as the text "Green", parsed by name
        // Not written: NULL into the nullable members.
        Assert.Null(row.I8);
        Assert.Null(row.U16);
        Assert.Null(row.U32);
        Assert.Null(row.U64);
        Assert.Null(row.Dto);

        // Scalars of each kind.
        Assert.Equal(Dec, Connection.Dec(1));
        Assert.Equal(s_uid, Connection.Uid(1));
        Assert.Equal(s_day, Connection.Day(1));
        Assert.Equal(s_tod, Connection.Tod(1));
        Assert.Equal(s_span, Connection.Span(1));
        Assert.Equal(Shade.Green, Connection.ShadeText(1));
        Assert.Equal(Shade.Blue, Connection.ShadeNum(1));
        Assert.Equal(new byte[] { 0, 1, 127, 255 }, Connection.Bin(1));
        Assert.Equal('é', Connection.Ch(1));
        Assert.Equal(s_dt, Connection.Dt(1));
        Assert.Equal(3.25f, Connection.F32(1));
        Assert.True(Connection.Flag(1));
        Assert.Equal(short.MinValue, Connection.I16(1));
        Assert.Equal(byte.MaxValue, Connection.U8(1));
        Assert.Null(Connection.Uid(-1));
    }

    int InsertPortable_(long id)
    {
        InsertPortable(id);
        return (int)Count($"select count(*) from types where id = {id}");
    }

    [Fact]
    public void Portable_types_compare_equal_as_where_clause_parameters()
    {
        InsertPortable(1);
        var key = new PortableKey(1, byte.MaxValue, short.MinValue, int.MinValue, long.MinValue, Dec, true, Txt, 'é', s_uid, s_dt, s_day, s_tod, [0, 1, 127, 255], Shade.Blue);

        Assert.Equal(1, Connection.CountMatching(key));
        Assert.Equal(0, Connection.CountMatching(key with { Dt = s_dt.AddTicks(10) }));
        Assert.Equal(0, Connection.CountMatching(key with { Bin = [0, 1, 127] }));
        Assert.Equal(0, Connection.CountMatching(key with { ShadeNum = Shade.Red }));
    }

    [Fact]
    public async Task Nullable_forms_of_the_portable_types_send_and_read_null_and_values()
    {
        Connection.InsertNullableScalars(1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Connection.InsertNullableScalars(2, 7, -7, 70, -70, 0.5f, -0.25, 1.5m, false, "t", 'x', s_uid, s_dt, s_day, s_tod, TimeSpan.FromSeconds(-90), [9], Shade.Red, "Blue");

        NullableTypesRow nulls = Connection.GetNullable(1);
        Assert.Equal(1, nulls.Id);
        Assert.All(
            new object?[] { nulls.U8, nulls.I8, nulls.I16, nulls.U16, nulls.I32, nulls.U32, nulls.I64, nulls.U64, nulls.F32, nulls.F64, nulls.Dec, nulls.Flag, nulls.Txt, nulls.Ch,
                nulls.Uid, nulls.Dt, nulls.Dto, nulls.Day, nulls.Tod, nulls.Span, nulls.Bin, nulls.ShadeNum, nulls.ShadeText },
            Assert.Null);
        Assert.Null(Connection.Span(1));
        Assert.Null(Connection.ShadeNum(1));
        Assert.Null(Connection.Bin(1));
        Assert.Null(Connection.Flag(1));
        Assert.Null(Connection.Day(1));

        NullableTypesRow values = await Connection.GetNullableAsync(2);
        Assert.Equal((byte)7, values.U8);
        Assert.Equal((short)-7, values.I16);
        Assert.Equal(70, values.I32);
        Assert.Equal(-70L, values.I64);
        Assert.Equal(0.5f, values.F32);
        Assert.Equal(-0.25, values.F64);
        Assert.Equal(1.5m, values.Dec);
        Assert.False(values.Flag);
        Assert.Equal("t", values.Txt);
        Assert.Equal('x', values.Ch);
        Assert.Equal(s_uid, values.Uid);
        Assert.Equal(s_dt, values.Dt);
        Assert.Equal(s_day, values.Day);
        Assert.Equal(s_tod, values.Tod);
        Assert.Equal(TimeSpan.FromSeconds(-90), values.Span);
        Assert.Equal(new byte[] { 9 }, values.Bin);
        Assert.Equal(Shade.Red, values.ShadeNum);
        Assert.Equal(Shade.Blue, values.ShadeText);

        // A non-nullable member over a NULL column is an error naming it (the first in member order: the derived
        // class's own ShadeText comes before the inherited members).
        var error = Assert.Throws<ColumnMappingException>(() => Connection.Get(1));
        Assert.Equal("TypesSql.Get", error.Method);
        Assert.Equal("shade_text", error.Column);
        Assert.Equal(
            "TypesSql.Get: column 'shade_text' is NULL but member 'ShadeText' (Sqlmint.IntegrationTests.QuerySurface.Shade) is not nullable; declare it nullable or filter the NULLs in SQL.",
            error.Message);
    }

    static TypesRow FullRow(long id, TimeSpan offset) => new()
    {
        Id = id, U8 = byte.MaxValue, I8 = sbyte.MinValue, I16 = short.MinValue, U16 = ushort.MaxValue, I32 = int.MinValue, U32 = uint.MaxValue,
        I64 = long.MinValue, U64 = ulong.MaxValue, F32 = -3.25f, F64 = Math.E, Dec = -Dec, Flag = true, Txt = Txt, Ch = 'é', Uid = s_uid, Dt = s_dt,
        Dto = new DateTimeOffset(s_dt, offset), Day = s_day, Tod = s_tod, Span = s_span, Bin = [1, 2, 3], ShadeNum = Shade.Green, ShadeText = Shade.Blue,
    };

    [Fact]
    public void Every_type_through_an_object_parameter_and_a_class_row()
    {
        // PostgreSQL's timestamptz takes only UTC offsets from Npgsql (see the DateTimeOffset test); SQLite keeps any.
        TypesRow written = FullRow(1, IsPostgres ? TimeSpan.Zero : TimeSpan.FromHours(2));

        // The unsigned members go as the next wider signed type (u64 as numeric(20) on PostgreSQL) and come back.
        Assert.Equal(1, Connection.Insert(written, "Blue"));
        TypesRow read = Connection.Get(1);
        Assert.Equivalent(written, read, strict: true);
        if (!IsPostgres)
            Assert.Equal(TimeSpan.FromHours(2), read.Dto.Offset); // SQLite keeps the offset (stored as text)

        // And every value through the nullable row type too.
        NullableTypesRow nullable = Connection.GetNullable(1);
        Assert.Equal(ulong.MaxValue, nullable.U64);
        Assert.Equal(sbyte.MinValue, nullable.I8);
        Assert.Equal(written.Dto, nullable.Dto);
    }

    [Fact]
    public void Sqlite_stores_the_non_native_types_as_text()
    {
        if (IsPostgres)
            return; // PostgreSQL stores each in its declared native type (see TypesTable.PostgresDdl).

        Connection.Insert(FullRow(1, TimeSpan.FromHours(-5)), "Blue");

        // SQLite has no decimal, Guid, date, time, interval or DateTimeOffset: Microsoft.Data.Sqlite writes them as
        // text (and ulong as the same 64 bits as a signed integer), and the typed getters parse them back.
        Assert.Equal(
            "text|text|text|text|text|text|text|text|text|integer|integer|blob",
            Scalar("select typeof(dec)||'|'||typeof(uid)||'|'||typeof(dt)||'|'||typeof(dto)||'|'||typeof(day)||'|'||typeof(tod)||'|'||typeof(span)||'|'||typeof(ch)||'|'||typeof(shade_text)||'|'||typeof(flag)||'|'||typeof(u64)||'|'||typeof(bin) from types"));
        Assert.Equal(
            "-1234567890123456789.0123456789|1.02:03:04.5000000|2024-02-29 13:45:10.123456-05:00|23:59:59.1234560|2024-02-29|-1",
            Scalar("select dec||'|'||span||'|'||dto||'|'||tod||'|'||day||'|'||u64 from types"));
    }

    [Fact]
    public void Unsigned_integers_and_sbyte()
    {
        InsertPortable(1);

        if (!IsPostgres)
        {
            Assert.Equal(1, Connection.SetI8(1, sbyte.MinValue));
            Assert.Equal(1, Connection.SetU16(1, ushort.MaxValue));
            Assert.Equal(1, Connection.SetU32(1, uint.MaxValue));
            Assert.Equal(1, Connection.SetU64(1, ulong.MaxValue));
            Assert.Equal(sbyte.MinValue, Connection.I8(1));
            Assert.Equal(ushort.MaxValue, Connection.U16(1));
            Assert.Equal(uint.MaxValue, Connection.U32(1));
            Assert.Equal(ulong.MaxValue, Connection.U64(1));
            Assert.Equal(1, Connection.SetU64OrNull(1, null));
            Assert.Null(Connection.U64(1));

            // Out of range for the member: an overflow naming the column, not a wrapped number.
            Run("update types set u16 = 65536, u32 = -1 where id = 1");
            Assert.IsType<OverflowException>(Assert.Throws<ColumnMappingException>(() => Connection.U16(1)).InnerException);
            Assert.Equal("u32", Assert.Throws<ColumnMappingException>(() => Connection.U32(1)).Column);
            return;
        }

        // sbyte is written as a smallint.
        Assert.Equal(1, Connection.SetI8(1, sbyte.MinValue));
        Assert.Equal(-128L, Count("select i8 from types where id = 1"));

        // PostgreSQL has no unsigned types and Npgsql writes none: the generated code sends ushort as integer, uint
        // as bigint and ulong as bigint or, above long.MaxValue, numeric; the columns are the next wider types.
        Assert.Equal(1, Connection.SetU16(1, ushort.MaxValue));
        Assert.Equal(1, Connection.SetU32(1, uint.MaxValue));
        Assert.Equal(1, Connection.SetU64(1, ulong.MaxValue));
        Assert.Equal("65535|4294967295|18446744073709551615", Scalar("select u16::text || '|' || u32::text || '|' || u64::text from types where id = 1"));
        Assert.Equal(ushort.MaxValue, Connection.U16(1));
        Assert.Equal(uint.MaxValue, Connection.U32(1));
        Assert.Equal(ulong.MaxValue, Connection.U64(1));
        Assert.Equal(1, Connection.SetU64(1, 42));
        Assert.Equal(42UL, Connection.U64(1));
        Assert.Equal(1, Connection.SetUnsigned(1, sbyte.MinValue, 2, 3, ulong.MaxValue - 1));
        Assert.Equal((2, 3U, ulong.MaxValue - 1), (Connection.U16(1)!.Value, Connection.U32(1)!.Value, Connection.U64(1)!.Value));

        // NULLs are declared as the wider signed type, and read back as null.
        Assert.Equal(1, Connection.SetU16OrNull(1, null));
        Assert.Equal(1, Connection.SetU32OrNull(1, null));
        Assert.Equal(1, Connection.SetU64OrNull(1, null));
        Assert.Null(Connection.U16(1));
        Assert.Null(Connection.U32(1));
        Assert.Null(Connection.U64(1));

        // A stored value out of the unsigned range is an error naming the column, not a wrapped number.
        Run("update types set u16 = 65536, u32 = -1, u64 = -1 where id = 1");
        foreach (Func<object?> read in new Func<object?>[] { () => Connection.U16(1), () => Connection.U32(1), () => Connection.U64(1) })
        {
            var error = Assert.Throws<ColumnMappingException>(read);
            Assert.IsType<OverflowException>(error.InnerException);
        }

        Assert.Equal(sbyte.MinValue, Connection.I8(1));
    }

    /// <summary>
    /// Microsoft.Data.Sqlite's getters turn text that is not a number into 0 and false; the generated code looks at
    /// a 0 or false and fails instead, as Npgsql's getters do. Numeric text still reads as its number, and the
    /// text 'true' as true.
    /// </summary>
    [Fact]
    public void Text_that_is_not_a_number_is_an_error_not_zero()
    {
        InsertPortable(1);
        Run($"update types set txt = 'abc', bin = {(IsPostgres ? "'\\x00'::bytea" : "X'00'")} where id = 1");
        foreach (Func<object?> read in new Func<object?>[] { () => Connection.TxtAsInt64(1), () => Connection.TxtAsDouble(1), () => Connection.TxtAsBoolean(1), () => Connection.BinAsInt32(1) })
        {
            var error = Assert.Throws<ColumnMappingException>(read);
            Assert.IsType<InvalidCastException>(error.InnerException);
        }

        if (IsPostgres)
            return; // PostgreSQL types its columns: numeric text is still text, and Npgsql refuses it.

        Run("update types set txt = '0' where id = 1");
        Assert.Equal(0L, Connection.TxtAsInt64(1));
        Assert.Equal(0d, Connection.TxtAsDouble(1));
        Assert.False(Connection.TxtAsBoolean(1));
        Run("update types set txt = '12' where id = 1");
        Assert.Equal(12L, Connection.TxtAsInt64(1));
        Run("update types set txt = 'true' where id = 1");
        Assert.True(Connection.TxtAsBoolean(1));
        Run("update types set txt = 'False' where id = 1");
        Assert.False(Connection.TxtAsBoolean(1));
    }

    /// <summary>
    /// A double column read into decimals gives what the driver's own GetDecimal gives. On SQLite the generated code
    /// converts a REAL directly instead of through the text the driver would format and parse (a third faster for a
    /// 500-row read with one decimal column); the values must be the same.
    /// </summary>
    [Fact]
    public void A_real_column_read_into_decimal_equals_the_drivers_get_decimal()
    {
        double[] values = [0.99, 1.0, -2.5, 123456.789, 1e-5, 0.1 + 0.2, 1e20, 2.0 / 3.0, 1234567890.12345];
        for (int i = 0; i < values.Length; i++)
            Run($"insert into types (id, f64) values ({i + 1}, {values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");

        if (IsPostgres)
        {
            // Npgsql will not read double precision as decimal, and neither does the generated code.
            Assert.IsType<InvalidCastException>(Assert.Throws<ColumnMappingException>(() => Connection.F64AsDecimals()).InnerException);
            return;
        }

        var expected = new List<decimal>();
        using (var command = Connection.CreateCommand())
        {
            command.CommandText = "select f64 from types order by id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                expected.Add(reader.GetDecimal(0));
        }

        Assert.Equal(values.Length, expected.Count);
        Assert.Equal(expected, Connection.F64AsDecimals());
        Assert.Equal(0.99m, Connection.F64AsDecimal(1));
        Run("update types set f64 = null where id = 1");
        Assert.Null(Connection.F64AsDecimal(1));
    }

    /// <summary>
    /// [EnumAsText] sends an enum as its name, on a parameter, an object member, an execute-many item, an in-list,
    /// and on the enum type itself; reading the name back needs nothing.
    /// </summary>
    [Fact]
    public void Enums_marked_as_text_are_sent_by_name_through_every_parameter_path()
    {
        InsertPortable(1);
        InsertPortable(2);

        Assert.Equal(1, Connection.SetShadeName(1, Shade.Red));
        Assert.Equal("Red", Connection.ShadeTextStored(1));
        Assert.Equal(Shade.Red, Connection.ShadeByName(1));
        Assert.Equal(1, Connection.SetShadeNameOrNull(1, null));
        Assert.Null(Connection.ShadeTextStored(1));
        Assert.Equal(1, Connection.SetShadeNameOrNull(1, Shade.Blue));
        Assert.Equal("Blue", Connection.ShadeTextStored(1));

        // A value that is not a declared member goes as its number, in text: nothing is lost.
        Assert.Equal(1, Connection.SetShadeName(1, (Shade)42));
        Assert.Equal("42", Connection.ShadeTextStored(1));
        Assert.Equal((Shade)42, Connection.ShadeByName(1));

        Assert.Equal(1, Connection.SetShadeTextFrom(new ShadeChange(2, Shade.Green)));
        Assert.Equal("Green", Connection.ShadeTextStored(2));
        Assert.Equal(2, Connection.SetShadeTexts([new ShadeChange(1, Shade.Red), new ShadeChange(2, Shade.Blue)]));
        Assert.Equal(("Red", "Blue"), (Connection.ShadeTextStored(1), Connection.ShadeTextStored(2)));
        Assert.Equal([1L, 2L], Connection.IdsWithShadeText([Shade.Red, Shade.Blue]));
        Assert.Equal([2L], Connection.IdsWithShadeText([Shade.Blue, Shade.Green]));

        // The attribute on the enum type applies everywhere it is used.
        Assert.Equal(1, Connection.SetMood(1, Mood.Calm));
        Assert.Equal("Calm", Connection.ShadeTextStored(1));
        Assert.Equal(Mood.Calm, Connection.MoodOf(1));

        // Without the attribute the number is sent, as before.
        Assert.Equal(1, Connection.SetShadeNumber(1, Shade.Blue));
        Assert.Equal(3L, Count("select shade_num from types where id = 1"));
    }

    [Fact]
    public void DateTimeOffset_keeps_its_offset_on_sqlite_and_must_be_utc_on_postgres()
    {
        InsertPortable(1);
        var plusTwo = new DateTimeOffset(s_dt, TimeSpan.FromHours(2));
        var utc = plusTwo.ToUniversalTime();

        if (!IsPostgres)
        {
            Assert.Equal(1, Connection.SetDto(1, plusTwo));
            DateTimeOffset? read = Connection.Dto(1);
            Assert.Equal(plusTwo, read);
            Assert.Equal(TimeSpan.FromHours(2), read!.Value.Offset);
        }
        else
        {
            // timestamptz stores an instant: Npgsql accepts only offset 0 for it, and reads it back as UTC. The
            // failed write also breaks the physical connection, so the test's open connection is closed afterwards.
            var error = Assert.Throws<ArgumentException>(() => Connection.SetDto(1, plusTwo));
            Assert.Contains("only offset 0 (UTC) is supported", error.Message, StringComparison.Ordinal);
            Assert.Equal(ConnectionState.Closed, Connection.State);
            Connection.Open();

            Assert.Equal(1, Connection.SetDto(1, utc));
            DateTimeOffset? read = Connection.Dto(1);
            Assert.Equal(utc, read);
            Assert.Equal(plusTwo, read); // the same instant
            Assert.Equal(TimeSpan.Zero, read!.Value.Offset);

            // A value written with an offset in SQL reads back as the same instant in UTC.
            Run("update types set dto = '2024-02-29 13:45:10+02:00' where id = 1");
            Assert.Equal(new DateTimeOffset(2024, 2, 29, 11, 45, 10, TimeSpan.Zero), Connection.Dto(1));
        }

        Assert.Equal(1, Connection.SetDto(1, null));
        Assert.Null(Connection.Dto(1));
    }

    [Fact]
    public void An_enum_parameter_is_sent_as_its_number_even_into_a_text_column()
    {
        InsertPortable(1);

        // Without [EnumAsText], enums are sent as their underlying number (as Dapper does). Into a text column the database stores
        // the number's text ('1'; PostgreSQL by its int-to-text assignment cast), and the reader parses that back.
        Assert.Equal(1, Connection.SetShadeText(1, Shade.Red));
        Assert.Equal("1", Connection.ShadeTextStored(1));
        Assert.Equal(Shade.Red, Connection.ShadeText(1));

        // A name stored as text is parsed by name, case-insensitively.
        Run("update types set shade_text = 'bLuE' where id = 1");
        Assert.Equal(Shade.Blue, Connection.ShadeText(1));
    }

    [Fact]
    public async Task Tuples_structs_records_init_members_and_column_overrides()
    {
        InsertPortable(1);
        Connection.InsertNullableScalars(2, null, null, 42, null, null, 2.5, 7m, false, null, null, null, null, null, null, null, null, Shade.Red, null);

        List<(long Id, string? Txt, DateOnly? Day)> tuples = Connection.Tuples();
        Assert.Equal([(1L, Txt, s_day), (2L, null, null)], tuples);

        RenamedRow renamed = Connection.Renamed(1);
        Assert.Equal(new RenamedRow(1, Txt, Shade.Green, byte.MaxValue), renamed);

        InitRow init = Connection.InitRow(1);
        Assert.Equal(1, init.Id);
        Assert.Equal(Txt, init.Txt);
        Assert.Equal(Dec, init.Amount);
        Assert.Equal(s_day, init.Day);
        // A required member over a NULL column is an error naming both.
        var error = Assert.Throws<ColumnMappingException>(() => Connection.InitRow(2));
        Assert.Equal("txt", error.Column);
        Assert.Contains("member 'Txt'", error.Message, StringComparison.Ordinal);

        StructRow[] structs = Connection.Structs();
        Assert.Equal(2, structs.Length);
        Assert.Equal(new StructRow { Id = 1, I32 = int.MinValue, ShadeNum = Shade.Blue, Txt = Txt }, structs[0]);
        Assert.Equal(new StructRow { Id = 2, I32 = 42, ShadeNum = Shade.Red, Txt = null }, structs[1]);

        Assert.Equal(new PointRow(1, Math.PI, true), Connection.Point(1));
        Assert.Null(Connection.Point(3));
        Assert.Equal([new PointRow(1, Math.PI, true), new PointRow(2, 2.5, false)], await Connection.StreamPoints().ToListAsync());
    }
}
