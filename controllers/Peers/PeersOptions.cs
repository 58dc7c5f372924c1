using System.ComponentModel.DataAnnotations;

namespace Verwalter.Peers;

/// <summary>
/// Gossip timers (section <c>Verwalter:Peers</c>). The defaults are chosen so a dead node is marked
/// dead everywhere within 5 s and a healthy node survives 1 % packet loss; the arithmetic is in
/// docs/controllers/peers.md. Change them together, not one at a time.
/// </summary>
internal sealed class PeersOptions
{
    public const string SectionName = "Verwalter:Peers";
    public static readonly TimeSpan DefaultProtocolPeriod = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DefaultAckTimeout = TimeSpan.FromMilliseconds(80);
    public static readonly TimeSpan DefaultPushPullInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultDeadMemberRetention = TimeSpan.FromHours(48);
    public const int DefaultIndirectChecks = 3;
    public const double DefaultSuspicionMultiplier = 3;
    public const int DefaultRetransmitMultiplier = 4;
    public const int DefaultReconnectEveryPeriods = 5;
    public const int DefaultMaxPacketBytes = 1400;

    /// <summary>One direct probe per period; also the granularity of every other timer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ProtocolPeriod { get; set; } = DefaultProtocolPeriod;

    /// <summary>How long a direct ping waits before indirect probes go out. Must be below the period.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan AckTimeout { get; set; } = DefaultAckTimeout;

    /// <summary>How many other members are asked to ping a silent member (SWIM's k).</summary>
    [Range(0, 16)]
    public int IndirectChecks { get; set; } = DefaultIndirectChecks;

    /// <summary>Suspicion lasts <c>multiplier × max(1, log10 N) × period</c> before "dead".</summary>
    [Range(0.5, 100)]
    public double SuspicionMultiplier { get; set; } = DefaultSuspicionMultiplier;

    /// <summary>Each update is piggybacked <c>multiplier × ceil(log10(N + 1))</c> times.</summary>
    [Range(1, 100)]
    public int RetransmitMultiplier { get; set; } = DefaultRetransmitMultiplier;

    /// <summary>Full-state exchange with one random member, so lost updates and heals converge.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PushPullInterval { get; set; } = DefaultPushPullInterval;

    /// <summary>Every this many periods one dead member is pinged, so a healed partition rejoins.</summary>
    [Range(1, 10000)]
    public int ReconnectEveryPeriods { get; set; } = DefaultReconnectEveryPeriods;

    /// <summary>Budget for one ping or ack with its piggybacked updates (below a typical MTU).</summary>
    [Range(256, GossipCodec.MaxPacketSize)]
    public int MaxPacketBytes { get; set; } = DefaultMaxPacketBytes;

    /// <summary>Dead members stay listed this long (as cantal keeps silent peers for 48 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan DeadMemberRetention { get; set; } = DefaultDeadMemberRetention;

    public TimeSpan SuspicionTimeout(int members) =>
        ProtocolPeriod * (SuspicionMultiplier * Math.Max(1.0, Math.Log10(Math.Max(1, members))));

    public int RetransmitLimit(int members) =>
        RetransmitMultiplier * (int)Math.Ceiling(Math.Log10(members + 1));
}
