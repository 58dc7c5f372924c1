using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>Leader heartbeat, sent to every peer each heartbeat interval.</summary>
internal sealed record PingMessage(ScheduleStamp? Schedule = null) : ElectionMessage(Schedule);
