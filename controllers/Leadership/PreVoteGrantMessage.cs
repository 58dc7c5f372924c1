using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>The answer "yes" to a pre-vote, for the proposed epoch. "No" is silence.</summary>
internal sealed record PreVoteGrantMessage(ScheduleStamp? Schedule = null) : ElectionMessage(Schedule);
