using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

internal sealed class FixedRandomSource(double value) : IRandomSource
{
    public double Value { get; set; } = value;

    public double NextDouble() => Value;
}
