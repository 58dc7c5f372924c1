namespace Verwalter.Benchmarks;

/// <summary>
/// Milliseconds per trial: leader agreed, first schedule of the new leader; per runtime change,
/// applied on all nodes; per killed follower, the leader's peers list calls it dead and the
/// leader's schedule leaves it out.
/// </summary>
internal sealed record FailoverVerwalterResult(double[] Elect, double[] Schedule, double[] Applied, double[] Detected, double[] Moved)
{
    public static FailoverVerwalterResult Empty { get; } = new([], [], [], [], []);
}
