namespace Verwalter.Scheduling;

/// <summary>
/// A successful run: the schedule as UTF-8 JSON text exactly as the engine produced it (a JSON
/// string the script returned, or a returned table written out by the host), and the debug log.
/// Validation (must be an object) and canonical form are the schedule loop's job.
/// </summary>
public sealed record SchedulerOutput(byte[] ScheduleJson, string Log);
