namespace Verwalter.Benchmarks;

/// <summary>Milliseconds per trial: leader agreed, first schedule of the new leader, and per runtime change, applied on all nodes.</summary>
internal sealed record FailoverVerwalterResult(double[] Elect, double[] Schedule, double[] Applied);
