using System.Text.Json.Serialization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The supervisor's status, as written to <c>&lt;runtime-dir&gt;/status.json</c> (atomically) and
/// served by the daemon: one row per instance plus the config problems that are being held back,
/// and the adoption records found unparsable at start (moved aside, see <see cref="CorruptRecord"/>).
/// </summary>
internal sealed record SupervisorStatus(
    [property: JsonPropertyName("supervisor_pid")] int SupervisorPid,
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("cgroups")] string Cgroups,
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems,
    [property: JsonPropertyName("instances")] IReadOnlyList<InstanceStatus> Instances,
    [property: JsonPropertyName("corrupt_records")] IReadOnlyList<CorruptRecord>? CorruptRecords = null);

/// <summary>
/// One instance in <see cref="SupervisorStatus"/>. <c>state</c> is running, stopping or waiting.
/// <c>restarts</c> counts unplanned exits only; stops the supervisor asked for are <c>planned_stops</c>.
/// </summary>
internal sealed record InstanceStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sandbox")] string Sandbox,
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("adopted")] bool Adopted,
    [property: JsonPropertyName("starts")] long Starts,
    [property: JsonPropertyName("restarts")] long Restarts,
    [property: JsonPropertyName("failures")] long Failures,
    [property: JsonPropertyName("consecutive_failures")] int ConsecutiveFailures,
    [property: JsonPropertyName("backoff_ms")] double BackoffMs,
    [property: JsonPropertyName("next_start")] DateTimeOffset? NextStart,
    [property: JsonPropertyName("last_exit")] string? LastExit,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("planned_stops")] long PlannedStops = 0);
