using System.Diagnostics.Metrics;
namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// Reads Npgsql's own pool gauges (the <c>Npgsql</c> meter's <c>db.client.connection.count</c>, by state
/// <c>idle</c>/<c>used</c>) for one data source, so a test can say "nothing is checked out" from the pool's side.
/// </summary>
public static class PoolMetrics
{
    public const string ConnectionCountInstrument = "db.client.connection.count";

    /// <summary>
    /// The idle and used (checked out) connections of the live Npgsql pools of <paramref name="database"/> (the
    /// pool name Npgsql reports is its connection string, which names the database).
    /// </summary>
    public static (int Idle, int Used) Read(string database)
    {
        string marker = "Database=" + database;
        int idle = 0, used = 0;
        bool seen = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == ConnectionCountInstrument)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Record(value, tags));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record((int)value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        if (!seen)
            throw new InvalidOperationException($"Npgsql reported no '{ConnectionCountInstrument}' for a pool of database '{database}'.");
        return (idle, used);

        void Record(int value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? pool = null, state = null;
            foreach (var tag in tags)
            {
                if (tag.Key.EndsWith("pool.name", StringComparison.Ordinal))
                    pool = tag.Value as string;
                else if (tag.Key.EndsWith("connection.state", StringComparison.Ordinal))
                    state = tag.Value as string;
            }
            if (pool is null || !(pool.Contains(marker + ";", StringComparison.Ordinal) || pool.EndsWith(marker, StringComparison.Ordinal)))
                return;
            seen = true;
            if (state == "idle")
                idle += value;
            else if (state == "used")
                used += value;
        }
    }
}
