using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// A packet body. The epoch travels beside it. Messages the machine emits carry no schedule
/// stamp: the transport fills in the leader's owned stamp (Ping) or the node's last known one
/// (Pong, Vote, PreVote) and the error count (Pong) when it sends.
/// </summary>
internal abstract record ElectionMessage(ScheduleStamp? Schedule);
