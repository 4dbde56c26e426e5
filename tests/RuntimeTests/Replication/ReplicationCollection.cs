namespace Sqlmint.RuntimeTests.Replication;

/// <summary>
/// The tests that use <see cref="Sqlmint.Testing.ReplicationPair.Shared"/>. They run one at a time, after the
/// parallel collections, because one of them stops and restarts the primary.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicationCollection
{
    public const string Name = "Replication: primary + streaming standby";
}
