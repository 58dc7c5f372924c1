using Verwalter.Reconciliation;

namespace Verwalter.Tests.Leadership;

/// <summary>A tiny deterministic PRNG (SplitMix64) so simulations replay exactly.</summary>
internal sealed class SeededRandomSource(ulong seed) : IRandomSource
{
    private ulong _state = seed;

    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
