namespace Verwalter.Leadership;

/// <summary>This node leads from now on in <paramref name="Epoch"/>; schedules it makes carry that epoch.</summary>
internal sealed record BecameLeader(long Epoch) : ElectionAction;
