namespace Sqlmint.Generator.Model;

/// <summary>
/// The few facts about the compilation the driver registration needs. Selecting them out of the compilation
/// keeps the step cached: a keystroke changes the compilation but not these booleans.
/// </summary>
internal sealed record DriverSpec(bool ReferencesSqlmint, bool ReferencesNpgsql, bool ReferencesSqlite)
{
    public bool HasAny => ReferencesSqlmint && (ReferencesNpgsql || ReferencesSqlite);
}
