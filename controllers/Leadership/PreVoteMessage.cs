using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// "Would you vote for me in this epoch?" Its epoch is the proposed one; nobody adopts it, so
/// asking never bumps an epoch.
/// </summary>
internal sealed record PreVoteMessage(ScheduleStamp? Schedule = null) : ElectionMessage(Schedule);
