using System.Text.Json.Serialization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// What the supervisor writes to <c>&lt;runtime-dir&gt;/instances/&lt;sandbox&gt;/&lt;process&gt;.&lt;i&gt;.json</c>
/// when it starts an instance, so a later supervisor can adopt it: the pid, its start time from
/// <c>/proc/PID/stat</c> (a reused pid never matches), the identity JSON it was started with and
/// its kill-timeout, and the listening sockets it was given (fd and address) so they can be taken
/// back from it (none in records written before sockets existed).
/// </summary>
internal sealed record InstanceRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("start_time_ticks")] ulong StartTimeTicks,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("kill_timeout_ms")] long KillTimeoutMs,
    [property: JsonPropertyName("restart_timeout_ms")] long RestartTimeoutMs,
    [property: JsonPropertyName("sockets")] IReadOnlyList<RecordedSocket>? Sockets = null);
