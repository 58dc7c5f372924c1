namespace Verwalter.Api.Contracts;

/// <summary>
/// <c>/v1/status</c>: the original's fields that apply so far, plus per-loop conditions.
/// <see cref="ClusterKey"/> tells whether cluster datagrams are authenticated (<c>--cluster-key-file</c>).
/// </summary>
internal sealed record StatusResponse(
    string Version,
    string Id,
    string Name,
    string Hostname,
    int Peers,
    long? PeersTimestamp,
    LeaderInfo? Leader,
    int Roles,
    long? LastStableTimestamp,
    int NumErrors,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyList<string> FailedRoles,
    bool DebugForceLeader,
    StatusMetrics Metrics,
    FetchState FetchState,
    ElectionInfo ElectionState,
    string? ScheduleId,
    string ScheduleStatus,
    string DefaultFrontend,
    IReadOnlyList<LoopStatus> Loops,
    string? LastDeploymentId,
    DateTimeOffset? LastDeploymentAt,
    IReadOnlyList<RoleStatus> RoleStates,
    SupervisorSummary? Supervisor = null,
    bool ClusterKey = false);

internal sealed record RoleStatus(string Role, string DeploymentId, DateTimeOffset At, double DurationMs, string? Error);

internal sealed record LeaderInfo(string Id, string Name, string Hostname, string? Addr, string? Schedule);

internal sealed record StatusMetrics(double? SchedulingTime, long SchedulerSucceeded, long SchedulerFailed);

internal sealed record FetchState(string State);

internal sealed record ElectionInfo(bool IsLeader, bool IsStable, string? Leader, long Epoch, long? LastStableTimestamp);

/// <summary>One loop's condition; <see cref="QueueDepth"/> is null for a loop without a queue (replication, an external peer source).</summary>
internal sealed record LoopStatus(string Name, DateTimeOffset? LastSuccess, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextRetry, int ConsecutiveFailures, int? QueueDepth);

/// <summary>The process supervisor as the daemon sees it: embedded, or a separate process read through its status file. Instances are grouped by sandbox.</summary>
internal sealed record SupervisorSummary(
    string Mode,
    int? Pid,
    bool Running,
    string? Cgroups,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, IReadOnlyList<Verwalter.Supervision.Runtime.InstanceStatus>> Sandboxes);
