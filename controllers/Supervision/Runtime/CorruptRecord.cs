using System.Text.Json.Serialization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// An adoption record that could not be parsed at start: moved aside (never deleted) so the process
/// it may describe can still be found by hand. Shown in <c>verwalter ps</c> and the status file.
/// </summary>
internal sealed record CorruptRecord(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("moved_to")] string? MovedTo,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At);
