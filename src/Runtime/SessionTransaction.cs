using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Sqlmint;

/// <summary>
/// A transaction, or a savepoint inside one, begun on a <see cref="Session"/>. It commits only on
/// <see cref="Commit"/>; disposing it without a commit rolls it back, so an exception never leaves half-written work.
/// </summary>
public sealed class SessionTransaction : IDisposable, IAsyncDisposable
{
    private readonly Session _session;

    internal SessionTransaction(Session session, string? savepointName)
    {
        _session = session;
        SavepointName = savepointName;
    }

    /// <summary>The savepoint's name for a nested transaction; null for the transaction itself.</summary>
    public string? SavepointName { get; }

    /// <summary>True for a savepoint begun with <see cref="Session.BeginNested"/>.</summary>
    public bool IsNested => SavepointName is not null;

    /// <summary>True until it is committed, rolled back or disposed (or an enclosing one is rolled back).</summary>
    public bool IsActive => _session.IsOpen(this);

    /// <summary>Commits (for a savepoint: releases it, so its work joins the enclosing transaction).</summary>
    /// <exception cref="InvalidOperationException">It is no longer active, or a savepoint inside it is still open.</exception>
    public void Commit() => _session.CompleteAsync(this, commit: true, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Commit"/>
    public Task CommitAsync(CancellationToken cancellationToken = default) => _session.CompleteAsync(this, commit: true, async: true, cancellationToken).AsTask();

    /// <summary>Rolls back (for a savepoint: only the work done since it began), along with any savepoints inside it.</summary>
    public void Rollback() => _session.CompleteAsync(this, commit: false, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Rollback"/>
    public Task RollbackAsync(CancellationToken cancellationToken = default) => _session.CompleteAsync(this, commit: false, async: true, cancellationToken).AsTask();

    /// <summary>
    /// Rolls back if neither committed nor rolled back yet. If that rollback fails (a dropped connection, say),
    /// the whole transaction is abandoned rather than leaving this scope's work to be committed later.
    /// </summary>
    public void Dispose() => DisposeCore(async: false).GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => DisposeCore(async: true);

    private async ValueTask DisposeCore(bool async)
    {
        if (!IsActive)
        {
            return;
        }

        try
        {
            await _session.CompleteAsync(this, commit: false, async, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            await _session.AbandonTransactionAsync(async).ConfigureAwait(false);
        }
    }

    internal string Describe() => IsNested ? $"savepoint '{SavepointName}'" : "the transaction";
}
