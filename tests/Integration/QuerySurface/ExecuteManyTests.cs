using System.Data.Common;
using Sqlmint.IntegrationTests.Fixtures;

namespace Sqlmint.IntegrationTests.QuerySurface;

public sealed class ExecuteManyTestsOnSqlite() : ExecuteManyTests(Dbms.Sqlite);

public sealed class ExecuteManyTestsOnPostgres() : ExecuteManyTests(Dbms.Postgres);

/// <summary>[Execute] with an IEnumerable&lt;TItem&gt; parameter: once per item, all or nothing.</summary>
public abstract class ExecuteManyTests(Dbms dbms) : SurfaceTest(dbms), IAsyncLifetime
{
    static List<Item> Items(int count, int start = 1) =>
        Enumerable.Range(start, count).Select(i => new Item(i, "item " + i, i % 7)).ToList();

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection.CreateItemTable();
    }

    [Fact]
    public void Inserts_1000_rows_and_returns_1000()
    {
        using Session db = Connect();

        Assert.Equal(1000, db.InsertItems(Items(1000)));

        Assert.Equal(1000, Count("select count(*) from item"));
        Assert.Equal(Items(1000), Connection.AllItems());
    }

    [Fact]
    public async Task Async_forms_insert_and_return_the_total()
    {
        await using Session db = Connect();
        Assert.Equal(1000, await db.InsertItemsAsync(Items(1000)));
        Assert.Equal(500, await Connection.InsertItemsAsync(Items(500, start: 2001)));
        Assert.Equal(1500, Count("select count(*) from item"));
    }

    [Fact]
    public void An_update_many_returns_the_total_rows_affected()
    {
        Connection.InsertItems(Items(10));

        // Two of the three items exist.
        Assert.Equal(2, Connection.AddQuantities([new Item(1, "item 1", 100), new Item(2, "item 2", 100), new Item(99, "nope", 1)]));
        Assert.Equal(101, Connection.AllItems()[0].Qty);
        Assert.Equal(0, Connection.InsertItems([]));
    }

    [Fact]
    public void Inside_a_rolled_back_session_transaction_nothing_stays()
    {
        using Session db = Connect();
        using (db.Begin())
        {
            Assert.Equal(1000, db.InsertItems(Items(1000)));
            Assert.Equal(1000, db.CountItems());
        }

        Assert.Equal(0, db.CountItems());
        Assert.Equal(0, Count("select count(*) from item"));
    }

    [Fact]
    public void Inside_a_committed_session_transaction_the_rows_stay()
    {
        using Session db = Connect();
        using (SessionTransaction tx = db.Begin())
        {
            db.InsertItems(Items(1000));
            using (db.BeginNested())
                db.InsertItems(Items(10, start: 5001)); // rolled back with its savepoint
            tx.Commit();
        }

        Assert.Equal(1000, Count("select count(*) from item"));
    }

    [Fact]
    public void A_failure_at_item_500_leaves_no_rows_without_a_transaction()
    {
        List<Item> items = Items(1000);
        items[499] = items[10] with { Name = "duplicate key" }; // item 500 repeats id 11

        using Session db = Connect();
        Assert.ThrowsAny<DbException>(() => db.InsertItems(items));
        Assert.Equal(0, Count("select count(*) from item"));
        Assert.Equal(0, db.CountItems()); // and the session is usable

        Assert.ThrowsAny<DbException>(() => Connection.InsertItems(items));
        Assert.Equal(0, Count("select count(*) from item"));
        Assert.Equal(0, Connection.CountItems());
    }

    [Fact]
    public async Task A_failure_at_item_500_leaves_no_rows_async()
    {
        List<Item> items = Items(1000);
        items[499] = items[10] with { Name = "duplicate key" };

        await using Session db = Connect();
        await Assert.ThrowsAnyAsync<DbException>(() => db.InsertItemsAsync(items));
        await Assert.ThrowsAnyAsync<DbException>(() => Connection.InsertItemsAsync(items));
        Assert.Equal(0, Count("select count(*) from item"));
    }

    [Fact]
    public void A_failure_at_item_500_inside_a_session_transaction_leaves_no_rows()
    {
        List<Item> items = Items(1000);
        items[499] = items[10] with { Name = "duplicate key" };

        using Session db = Connect();
        using (SessionTransaction tx = db.Begin())
        {
            db.InsertItems(Items(5, start: 9001));
            Assert.ThrowsAny<DbException>(() => db.InsertItems(items));
        }

        Assert.Equal(0, Count("select count(*) from item"));
        Assert.Equal(0, db.CountItems());
    }

    [Fact]
    public void A_db_transaction_is_joined_by_execute_many()
    {
        using (DbTransaction tx = Connection.BeginTransaction())
        {
            Assert.Equal(100, tx.InsertItems(Items(100)));
            tx.Rollback();
        }

        Assert.Equal(0, Connection.CountItems());

        using (DbTransaction tx = Connection.BeginTransaction())
        {
            tx.InsertItems(Items(100));
            tx.Commit();
        }

        Assert.Equal(100, Count("select count(*) from item"));
    }
}
