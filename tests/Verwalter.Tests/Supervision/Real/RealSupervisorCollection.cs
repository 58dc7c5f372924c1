namespace Verwalter.Tests.Supervision.Real;

/// <summary>Real supervisor tests run one at a time: they start real processes on a shared 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealSupervisorCollection
{
    public const string Name = "Real supervisor";
}
