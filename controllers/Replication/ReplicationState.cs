namespace Verwalter.Replication;

/// <summary>
/// What the replication loop publishes. <see cref="ScheduleStatus"/> is spec §4's
/// <c>schedule_status</c> (ok, fetching, waiting, unstable); <see cref="FetchState"/> its
/// <c>fetch_state</c> name. <see cref="ReadyEpoch"/> is the epoch whose parent collection is done
/// (this node may schedule in it).
/// </summary>
internal sealed record ReplicationState(
    string ScheduleStatus,
    string FetchState,
    string? Leader,
    string? TargetHash,
    long? ReadyEpoch,
    long HighestEpoch,
    string? LastError)
{
    public static ReplicationState Unstable(long highestEpoch) => new("unstable", "Unstable", null, null, null, highestEpoch, null);
}
