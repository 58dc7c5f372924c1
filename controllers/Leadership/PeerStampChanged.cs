using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>A peer reported a schedule stamp different from the last one it reported (input for parent collection).</summary>
internal sealed record PeerStampChanged(string Peer, ScheduleStamp Stamp) : ElectionAction;
