namespace Verwalter.Reconciliation;

/// <summary>Randomness as a dependency (jitter, ids), so tests are deterministic.</summary>
public interface IRandomSource
{
    /// <summary>A value in [0, 1).</summary>
    double NextDouble();
}
