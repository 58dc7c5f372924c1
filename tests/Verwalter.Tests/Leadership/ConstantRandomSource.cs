using Verwalter.Reconciliation;

namespace Verwalter.Tests.Leadership;

internal sealed class ConstantRandomSource(double value) : IRandomSource
{
    public double NextDouble() => value;
}
