using Microsoft.EntityFrameworkCore;

namespace Sqlmint.Benchmarks;

// One row type per table, shared by all four implementations so they materialize exactly the same objects.
// Classes with settable properties: every mapper binds them (Dapper's constructor binding is strict about
// column types, which differ between SQLite and PostgreSQL).

/// <summary>A Chinook track: 9 columns.</summary>
public sealed class Track
{
    public int TrackId { get; set; }
    public string Name { get; set; } = "";
    public int? AlbumId { get; set; }
    public int MediaTypeId { get; set; }
    public int? GenreId { get; set; }
    public string? Composer { get; set; }
    public int Milliseconds { get; set; }
    public int? Bytes { get; set; }
    public decimal UnitPrice { get; set; }
}

/// <summary>A row of <c>bench_row</c> (10,000 rows, made at setup) and of <c>bench_insert</c> (the write target).</summary>
public sealed class BenchRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public int? AlbumId { get; set; }
    public int Milliseconds { get; set; }
    public decimal UnitPrice { get; set; }
}

/// <summary>The same shape as <see cref="BenchRow"/>, mapped by EF Core to <c>bench_insert</c>.</summary>
public sealed class BenchInsert
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public int? AlbumId { get; set; }
    public int Milliseconds { get; set; }
    public decimal UnitPrice { get; set; }
}

public sealed class MediaType
{
    public int MediaTypeId { get; set; }
    public string? Name { get; set; }
}

/// <summary>EF Core's view of the same tables: snake_case names, no change tracking in the read benchmarks.</summary>
public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<BenchRow> BenchRows => Set<BenchRow>();
    public DbSet<BenchInsert> BenchInserts => Set<BenchInsert>();
    public DbSet<MediaType> MediaTypes => Set<MediaType>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Track>(e =>
        {
            e.ToTable("track");
            e.HasKey(t => t.TrackId);
            e.Property(t => t.TrackId).ValueGeneratedNever();
        });
        modelBuilder.Entity<BenchRow>(e =>
        {
            e.ToTable("bench_row");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<BenchInsert>(e =>
        {
            e.ToTable("bench_insert");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<MediaType>(e =>
        {
            e.ToTable("media_type");
            e.HasKey(t => t.MediaTypeId);
        });
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(Sqlmint.Testing.ChinookLoader.SnakeCase(property.Name));
    }
}
