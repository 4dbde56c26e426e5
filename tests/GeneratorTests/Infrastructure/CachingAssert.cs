using Microsoft.CodeAnalysis;
using Sqlmint.Generator;

namespace Sqlmint.GeneratorTests.Infrastructure;

/// <summary>Asserts on the incremental steps the generator names with WithTrackingName.</summary>
internal static class CachingAssert
{
    public static readonly string[] NamedSteps =
    {
        QueryGenerator.Steps.QueryMethods,
        QueryGenerator.Steps.ExecuteMethods,
        QueryGenerator.Steps.AllMethods,
        QueryGenerator.Steps.ContainingTypes,
        QueryGenerator.Steps.Diagnostics,
        QueryGenerator.Steps.Drivers,
        QueryGenerator.Steps.Schema,
        QueryGenerator.Steps.SchemaDiagnostics,
    };

    /// <summary>Every output of every named step is Cached or Unchanged.</summary>
    public static void AllStepsCached(GeneratorDriverRunResult result)
    {
        GeneratorRunResult run = result.Results.Single();
        foreach (string step in NamedSteps)
        {
            if (!run.TrackedSteps.TryGetValue(step, out var runs))
            {
                continue; // A step with no input (no [Execute] methods, say) has nothing to track.
            }

            foreach (IncrementalGeneratorRunStep stepRun in runs)
            {
                foreach ((object _, IncrementalStepRunReason reason) in stepRun.Outputs)
                {
                    Assert.True(
                        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"Step '{step}' produced an output with reason {reason}; expected Cached or Unchanged.");
                }
            }
        }
    }

    public static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriverRunResult result, string step) =>
        result.Results.Single().TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason)
            : Enumerable.Empty<IncrementalStepRunReason>();
}
