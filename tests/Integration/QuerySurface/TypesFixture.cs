using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

/// <summary>The purpose-built <c>types</c> table, one DDL per database; every column nullable.</summary>
public static class TypesTable
{
    // SQLite: integer/real/text/blob storage classes. decimal is declared text (not numeric): numeric affinity would
    // turn the driver's exact decimal text into an 8-byte REAL and lose digits.
    public const string SqliteDdl = """
        create table types (id integer primary key, u8 integer, i8 integer, i16 integer, u16 integer, i32 integer, u32 integer,
        i64 integer, u64 integer, f32 real, f64 real, dec text, flag integer, txt text, ch text, uid text, dt text, dto text,
        day text, tod text, span text, bin blob, shade_num integer, shade_text text)
        """;

    // PostgreSQL: the closest native type of each; unsigned ints get the next wider signed type (u64 a numeric).
    public const string PostgresDdl = """
        create table types (id bigint primary key, u8 smallint, i8 smallint, i16 smallint, u16 integer, i32 integer, u32 bigint,
        i64 bigint, u64 numeric(20, 0), f32 real, f64 double precision, dec numeric(38, 10), flag boolean, txt text, ch text, uid uuid,
        dt timestamp, dto timestamptz, day date, tod time, span interval, bin bytea, shade_num integer, shade_text text)
        """;

    public static void Create(DbConnection connection, Dbms dbms)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = dbms == Dbms.Postgres ? PostgresDdl : SqliteDdl;
        command.ExecuteNonQuery();
    }
}
