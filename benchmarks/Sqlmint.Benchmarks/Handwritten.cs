using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Sqlmint.Benchmarks;

/// <summary>
/// The floor: plain ADO.NET as a careful developer writes it against <see cref="DbConnection"/> — one command per
/// call, named parameters, columns read by ordinal with typed getters, nothing cached between calls.
/// </summary>
public static class HandAdo
{
    public static Track TrackById(DbConnection connection, int trackId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.TrackById;
        var p = command.CreateParameter();
        p.ParameterName = "@trackId";
        p.Value = trackId;
        command.Parameters.Add(p);
        using var reader = command.ExecuteReader(CommandBehavior.SingleResult);
        if (!reader.Read())
            throw new InvalidOperationException("no row");
        var track = ReadTrack(reader);
        if (reader.Read())
            throw new InvalidOperationException("more than one row");
        return track;
    }

    public static List<Track> Tracks500(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Tracks500;
        using var reader = command.ExecuteReader(CommandBehavior.SingleResult);
        var list = new List<Track>();
        while (reader.Read())
            list.Add(ReadTrack(reader));
        return list;
    }

    public static long CountTracks(DbConnection connection) => Count(connection, Sql.CountTracks);

    /// <param name="prepare">Also prepare the command (PostgreSQL: a lookup after the first call on a connection), as Sqlmint does.</param>
    public static long Count(DbConnection connection, string sql, bool prepare = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (prepare)
            command.Prepare();
        using var reader = command.ExecuteReader(CommandBehavior.SingleResult | CommandBehavior.SingleRow);
        reader.Read();
        return reader.GetInt64(0);
    }

    public static async IAsyncEnumerable<BenchRow> StreamRows(DbConnection connection, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.StreamRows;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return new BenchRow
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                AlbumId = reader.IsDBNull(2) ? null : reader.GetInt32(2),
                Milliseconds = reader.GetInt32(3),
                UnitPrice = reader.GetDecimal(4),
            };
        }
    }

    public static int InsertOne(DbConnection connection, long id, string name, int? albumId, int milliseconds, decimal unitPrice)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.InsertOne;
        Add(command, "@id", id);
        Add(command, "@name", name);
        Add(command, "@albumId", (object?)albumId ?? DBNull.Value);
        Add(command, "@milliseconds", milliseconds);
        Add(command, "@unitPrice", unitPrice);
        return command.ExecuteNonQuery();
    }

    /// <summary>Execute-many the classic way: one prepared command, re-bound and executed per row, in one transaction.</summary>
    public static int InsertManyPrepared(DbConnection connection, List<BenchRow> rows)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql.InsertItem;
        var id = Add(command, "@Id", null);
        var name = Add(command, "@Name", null);
        var album = Add(command, "@AlbumId", null);
        // Typed, so a NULL in the first row does not prepare the statement with an untyped parameter. On PostgreSQL
        // this matters beyond this method: a statement of the same text prepared with other parameter types on the
        // same connection makes Sqlmint's batch re-prepare (see benchmarks/notes.md, finding 11).
        album.DbType = DbType.Int32;
        var ms = Add(command, "@Milliseconds", null);
        var price = Add(command, "@UnitPrice", null);
        var total = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            id.Value = row.Id;
            name.Value = row.Name;
            album.Value = (object?)row.AlbumId ?? DBNull.Value;
            ms.Value = row.Milliseconds;
            price.Value = row.UnitPrice;
            if (i == 0)
                command.Prepare();
            total += command.ExecuteNonQuery();
        }
        transaction.Commit();
        return total;
    }

    /// <summary>Execute-many with <see cref="DbBatch"/> (PostgreSQL): every row in one round trip, in one transaction.</summary>
    /// <param name="prepare">Also prepare the batch (Npgsql prepares the one statement once per connection), as Sqlmint does.</param>
    public static int InsertManyBatch(DbConnection connection, List<BenchRow> rows, bool positional, bool prepare = false)
    {
        var sql = positional ? PositionalInsertItem : Sql.InsertItem;
        using var transaction = connection.BeginTransaction();
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var row in rows)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            Add(command.Parameters, command.CreateParameter(), positional ? null : "@Id", row.Id);
            Add(command.Parameters, command.CreateParameter(), positional ? null : "@Name", row.Name);
            Add(command.Parameters, command.CreateParameter(), positional ? null : "@AlbumId", (object?)row.AlbumId ?? DBNull.Value, DbType.Int32);
            Add(command.Parameters, command.CreateParameter(), positional ? null : "@Milliseconds", row.Milliseconds);
            Add(command.Parameters, command.CreateParameter(), positional ? null : "@UnitPrice", row.UnitPrice);
            batch.BatchCommands.Add(command);
        }
        if (prepare)
            batch.Prepare();
        var total = batch.ExecuteNonQuery();
        transaction.Commit();
        return total;
    }

    // PostgreSQL only: the same statements with $n placeholders and unnamed parameters (Npgsql does not parse the SQL).
    const string PositionalTrackById =
        "select track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price from track where track_id = $1";

    const string PositionalInsert =
        "insert into bench_insert (id, name, album_id, milliseconds, unit_price) values ($1, $2, $3, $4, $5)";

    const string PositionalInsertItem = PositionalInsert;

    /// <param name="prepare">Also prepare the command (a lookup after the first call on a connection), as Sqlmint does.</param>
    public static Track TrackByIdPositional(DbConnection connection, int trackId, bool prepare = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PositionalTrackById;
        var p = command.CreateParameter();
        p.Value = trackId;
        command.Parameters.Add(p);
        if (prepare)
            command.Prepare();
        using var reader = command.ExecuteReader(CommandBehavior.SingleResult);
        if (!reader.Read())
            throw new InvalidOperationException("no row");
        var track = ReadTrack(reader);
        if (reader.Read())
            throw new InvalidOperationException("more than one row");
        return track;
    }

    public static int InsertOnePositional(DbConnection connection, long id, string name, int? albumId, int milliseconds, decimal unitPrice, bool prepare = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PositionalInsert;
        Add(command.Parameters, command.CreateParameter(), null, id);
        Add(command.Parameters, command.CreateParameter(), null, name);
        Add(command.Parameters, command.CreateParameter(), null, (object?)albumId ?? DBNull.Value, DbType.Int32);
        Add(command.Parameters, command.CreateParameter(), null, milliseconds);
        Add(command.Parameters, command.CreateParameter(), null, unitPrice);
        if (prepare)
            command.Prepare();
        return command.ExecuteNonQuery();
    }

    static Track ReadTrack(DbDataReader reader) => new()
    {
        TrackId = reader.GetInt32(0),
        Name = reader.GetString(1),
        AlbumId = reader.IsDBNull(2) ? null : reader.GetInt32(2),
        MediaTypeId = reader.GetInt32(3),
        GenreId = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Composer = reader.IsDBNull(5) ? null : reader.GetString(5),
        Milliseconds = reader.GetInt32(6),
        Bytes = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        UnitPrice = reader.GetDecimal(8),
    };

    static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        if (value is not null)
            p.Value = value;
        command.Parameters.Add(p);
        return p;
    }

    // A NULL goes with its type where one is given, so a prepared statement's parameter types stay the same from call
    // to call.
    static void Add(DbParameterCollection parameters, DbParameter p, string? name, object value, DbType? type = null)
    {
        if (name is not null)
            p.ParameterName = name;
        if (type is { } dbType)
            p.DbType = dbType;
        p.Value = value;
        parameters.Add(p);
    }
}
