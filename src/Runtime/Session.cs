using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Sqlmint;

/// <summary>
/// A connection plus its current transaction: the connection source of generated methods. Generated methods
/// called with a session run on its connection and join its transaction. A session is not thread-safe; use one
/// per unit of work.
/// </summary>
/// <remarks>
/// From <see cref="Db.Connect(string)"/> the session owns a pooled connection and returns it on dispose. From
/// <see cref="Db.Using(DbConnection)"/> it does not: dispose leaves the connection open or closed, as it was.
/// Either way, a transaction still open at dispose is rolled back, so an exception never leaves half-written work.
/// </remarks>
public sealed class Session : IDisposable, IAsyncDisposable
{
    // Open transactions and savepoints, innermost last. Created on the first Begin: most sessions never begin one,
    // and a connect should cost no more than the driver's pooled open.
    private List<SessionTransaction>? _scopesOrNull;
    private readonly bool _wasOpen;
    private DbTransaction? _transaction;
    private int _savepoints;
    private bool _disposed;

    internal Session(DbConnection connection, bool ownsConnection, Engine? engine)
    {
        Connection = connection;
        OwnsConnection = ownsConnection;
        Engine = engine;
        _wasOpen = connection.State == ConnectionState.Open;
    }

    /// <summary>The ADO.NET connection, for code that needs it directly.</summary>
    public DbConnection Connection { get; }

    /// <summary>The ADO.NET transaction in progress, or null. Savepoints live inside it.</summary>
    public DbTransaction? Transaction => _transaction;

    /// <summary>The innermost open <see cref="SessionTransaction"/> (a savepoint, or the transaction), or null.</summary>
    public SessionTransaction? CurrentTransaction => _scopesOrNull is { Count: > 0 } scopes ? scopes[^1] : null;

    /// <summary>True when disposing the session closes the connection (it came from <see cref="Db.Connect(string)"/>).</summary>
    public bool OwnsConnection { get; }

    /// <summary>The engine the connection came from, or null for <see cref="Db.Using(DbConnection)"/>.</summary>
    public Engine? Engine { get; }

    /// <summary>
    /// Where the connection went, as the driver reports it: for Npgsql <c>tcp://host:port</c> of the host it
    /// reached (with a multi-host DSN, the one chosen), for SQLite the database file.
    /// </summary>
    public string Host => Connection.DataSource;

    /// <summary>Begins a transaction. It commits only on <see cref="SessionTransaction.Commit"/>, and rolls back on dispose otherwise.</summary>
    /// <param name="isolationLevel">The isolation level, or <see cref="IsolationLevel.Unspecified"/> for the database's default.</param>
    /// <exception cref="InvalidOperationException">A transaction is already open; use <see cref="BeginNested"/> for a savepoint.</exception>
    public SessionTransaction Begin(IsolationLevel isolationLevel = IsolationLevel.Unspecified) =>
        BeginCore(isolationLevel, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Begin"/>
    public ValueTask<SessionTransaction> BeginAsync(IsolationLevel isolationLevel = IsolationLevel.Unspecified, CancellationToken cancellationToken = default) =>
        BeginCore(isolationLevel, async: true, cancellationToken);

    /// <summary>
    /// Begins a savepoint inside the open transaction; rolling it back undoes only the work done since. With no
    /// transaction open, begins one (as SQLAlchemy's <c>begin_nested</c> does).
    /// </summary>
    public SessionTransaction BeginNested() =>
        BeginNestedCore(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="BeginNested"/>
    public ValueTask<SessionTransaction> BeginNestedAsync(CancellationToken cancellationToken = default) =>
        BeginNestedCore(async: true, cancellationToken);

    /// <summary>Runs driver SQL as is, in the session's transaction, and returns the rows affected.</summary>
    public int Execute(string sql)
    {
        using DbCommand command = CreateCommand(sql);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Internal.GeneratedCodeSupport.AfterRawSql(Connection, sql);
        }
    }

    /// <inheritdoc cref="Execute"/>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        DbCommand command = CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            try
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Internal.GeneratedCodeSupport.AfterRawSql(Connection, sql);
            }
        }
    }

    /// <summary>Runs driver SQL as is, in the session's transaction, and returns column 0 of row 0 (null for no rows or NULL).</summary>
    public object? ExecuteScalar(string sql)
    {
        using DbCommand command = CreateCommand(sql);
        try
        {
            return Normalize(command.ExecuteScalar());
        }
        finally
        {
            Internal.GeneratedCodeSupport.AfterRawSql(Connection, sql);
        }
    }

    /// <inheritdoc cref="ExecuteScalar"/>
    public async Task<object?> ExecuteScalarAsync(string sql, CancellationToken cancellationToken = default)
    {
        DbCommand command = CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            try
            {
                return Normalize(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                Internal.GeneratedCodeSupport.AfterRawSql(Connection, sql);
            }
        }
    }

    /// <summary>Rolls back an open transaction, then closes an owned connection (or restores a borrowed one's state).</summary>
    public void Dispose()
    {
        // The common case (an owned connection, no transaction left open) skips the shared async core: a connect
        // cycle should cost no more than the driver's pooled open and close.
        if (!_disposed && _transaction is null && OwnsConnection)
        {
            _disposed = true;
            Engine?.Returning(Connection);
            Connection.Dispose();
            return;
        }

        DisposeCore(async: false).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => DisposeCore(async: true);

    private async ValueTask DisposeCore(bool async)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await AbandonTransactionAsync(async).ConfigureAwait(false);
        }
        finally
        {
            if (OwnsConnection)
            {
                Engine?.Returning(Connection);
                if (async)
                {
                    await Connection.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    Connection.Dispose();
                }
            }
            else if (!_wasOpen && Connection.State != ConnectionState.Closed)
            {
                if (async)
                {
                    await Connection.CloseAsync().ConfigureAwait(false);
                }
                else
                {
                    Connection.Close();
                }
            }
        }
    }

    // Called by SessionTransaction: the scope must be the innermost one still open. One core for the sync and
    // async forms; with async false every await completes synchronously.
    internal async ValueTask CompleteAsync(SessionTransaction scope, bool commit, bool async, CancellationToken cancellationToken)
    {
        int index = Scopes.IndexOf(scope);
        if (index < 0)
        {
            throw new InvalidOperationException("This transaction has already been committed or rolled back.");
        }

        if (index != Scopes.Count - 1)
        {
            if (commit)
            {
                // Concatenated, not $"...": an interpolated string of this many parts is some 500 bytes of native code.
                throw new InvalidOperationException(
                    "Cannot commit " + scope.Describe() + " while " + Scopes[^1].Describe() + " inside it is still open; commit or roll back the inner one first.");
            }

            // Rolling back an outer scope rolls back everything inside it.
            Scopes.RemoveRange(index + 1, Scopes.Count - index - 1);
        }

        Scopes.RemoveAt(index);
        DbTransaction transaction = _transaction!;
        if (scope.SavepointName is { } savepoint)
        {
            // A savepoint rolled back is released too: its work is gone and its name is free again.
            if (!commit)
            {
                if (async)
                {
                    await transaction.RollbackAsync(savepoint, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    transaction.Rollback(savepoint);
                }
            }

            if (async)
            {
                await transaction.ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                transaction.Release(savepoint);
            }

            return;
        }

        _transaction = null;
        try
        {
            if (async)
            {
                await (commit ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken)).ConfigureAwait(false);
            }
            else if (commit)
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }
        }
        finally
        {
            if (async)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                transaction.Dispose();
            }
        }
    }

    internal bool IsOpen(SessionTransaction scope) => _scopesOrNull?.Contains(scope) == true;

    private List<SessionTransaction> Scopes => _scopesOrNull ??= new List<SessionTransaction>();

    private async ValueTask<SessionTransaction> BeginCore(IsolationLevel isolationLevel, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on this session; use BeginNested() for a savepoint inside it.");
        }

        if (Connection.State != ConnectionState.Open)
        {
            if (async)
            {
                await Connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Connection.Open();
            }
        }

        _transaction = async
            ? await Connection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false)
            : Connection.BeginTransaction(isolationLevel);
        var scope = new SessionTransaction(this, null);
        Scopes.Add(scope);
        return scope;
    }

    private async ValueTask<SessionTransaction> BeginNestedCore(bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_transaction is null)
        {
            return await BeginCore(IsolationLevel.Unspecified, async, cancellationToken).ConfigureAwait(false);
        }

        string name = "sqlmint_savepoint_" + (++_savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (async)
        {
            await _transaction.SaveAsync(name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _transaction.Save(name);
        }

        var scope = new SessionTransaction(this, name);
        Scopes.Add(scope);
        return scope;
    }

    private DbCommand CreateCommand(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (Connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The session's connection is not open; open it, or use Db.Connect for a managed connection.");
        }

        DbCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Rolls back everything, quietly: used on dispose, and when a savepoint could not be rolled back.</summary>
    internal void AbandonTransaction() => AbandonTransactionAsync(async: false).GetAwaiter().GetResult();

    internal async ValueTask AbandonTransactionAsync(bool async)
    {
        if (_transaction is null)
        {
            return;
        }

        _scopesOrNull?.Clear();
        DbTransaction transaction = _transaction;
        _transaction = null;
        try
        {
            // Rolling back on dispose must not hide the exception that is unwinding the stack, and a broken
            // connection has nothing left to roll back: the server discards the work when the connection dies.
            if (async)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
            else
            {
                transaction.Rollback();
            }
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
        }
        finally
        {
            if (async)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                transaction.Dispose();
            }
        }
    }

    private static object? Normalize(object? value) => value is DBNull ? null : value;
}
