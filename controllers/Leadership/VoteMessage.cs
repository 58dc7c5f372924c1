using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>A vote for <paramref name="Target"/>: broadcast by a candidate for itself, unicast back as a confirm.</summary>
internal sealed record VoteMessage(string Target, ScheduleStamp? Schedule = null) : ElectionMessage(Schedule);
