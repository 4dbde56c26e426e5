using System;
using System.Data.Common;
using System.Threading.Tasks;

namespace Sqlmint.Internal;

/// <summary>
/// A data source that hands out its inner data source's connections and runs a clean-up when disposed. ADO.NET's
/// default data source (what <c>DbProviderFactory.CreateDataSource</c> returns, as for SQLite) does nothing on
/// dispose, so the driver's pool would keep its connections (and SQLite's database file) open after
/// <see cref="Engine.Dispose"/>; the generated driver registration passes the driver's pool-clearing call here.
/// </summary>
public sealed class OwningDataSource : DbDataSource
{
    private readonly DbDataSource _inner;
    private readonly Action _onDispose;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="onDispose"/> runs once, after it is disposed.</summary>
    public OwningDataSource(DbDataSource inner, Action onDispose)
    {
        _inner = inner;
        _onDispose = onDispose;
    }

    /// <inheritdoc />
    public override string ConnectionString => _inner.ConnectionString;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => _inner.CreateConnection();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _onDispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _onDispose();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
