using Sqlmint.Testing;

namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster for the fault tests, which kill backends and restart the server: never the
/// shared one, so no other test sees the faults. Started once for the collection and stopped at its end.
/// </summary>
public sealed class PrivateServerFixture : IDisposable
{
    public PostgresServer Server { get; } = PostgresServer.StartPrivate();

    public void Dispose() => Server.Dispose();
}

/// <summary>The fault tests share one private server and run one at a time (the assembly runs no tests in parallel anyway).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresFaultsCollection : ICollectionFixture<PrivateServerFixture>
{
    public const string Name = "PostgreSQL faults";
}
