namespace Verwalter.Peers;

/// <summary>The mutable per-member bookkeeping inside <see cref="MembershipMachine"/>; never shared.</summary>
internal sealed class MemberRecord(MemberUpdate update, DateTimeOffset knownSince)
{
    public MemberUpdate Update { get; set; } = update;

    public DateTimeOffset KnownSince { get; } = knownSince;

    public DateTimeOffset StateSince { get; set; } = knownSince;

    public DateTimeOffset? SuspectDeadline { get; set; }

    public DateTimeOffset? LastReportDirect { get; set; }

    public TimeSpan? Rtt { get; set; }

    public DateTimeOffset? RttMeasuredAt { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    public long ProbesSent { get; set; }

    public long PingsReceived { get; set; }

    public long AcksReceived { get; set; }

    public MemberState State => Update.State;

    public PeerMember ToSnapshot() => new(
        Update.Id, Update.Address, Update.Hostname, Update.Name, Update.State, Update.Incarnation,
        KnownSince, StateSince, LastReportDirect, Rtt, RttMeasuredAt, LastProbeAt,
        ProbesSent, PingsReceived, AcksReceived);
}
