namespace Verwalter.Reconciliation;

/// <summary>The production random source: the thread-safe shared generator.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public static SystemRandomSource Instance { get; } = new();

    public double NextDouble() => Random.Shared.NextDouble();
}
