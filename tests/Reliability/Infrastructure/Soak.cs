namespace Sqlmint.ReliabilityTests.Infrastructure;

/// <summary>
/// Counts for the CI run, multiplied for a soak run by <c>SQLMINT_SOAK</c> (an integer factor, such as
/// <c>SQLMINT_SOAK=10</c>). The seed of the randomised tests comes from <c>SQLMINT_SEED</c> when set, so a failure
/// can be replayed; otherwise it is fixed.
/// </summary>
public static class Soak
{
    public const string FactorVariable = "SQLMINT_SOAK";
    public const string SeedVariable = "SQLMINT_SEED";

    public static int Factor =>
        int.TryParse(Environment.GetEnvironmentVariable(FactorVariable), out int factor) && factor > 1 ? factor : 1;

    public static int Scale(int ciCount) => checked(ciCount * Factor);

    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out int seed) ? seed : fallback;
}
