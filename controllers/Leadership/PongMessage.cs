using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>A follower's answer to a Ping, sent to the leader only.</summary>
internal sealed record PongMessage(ScheduleStamp? Schedule = null, int Errors = 0) : ElectionMessage(Schedule);
