using System.ComponentModel.DataAnnotations;

namespace Verwalter.Cluster;

/// <summary>
/// Limits of the UDP cluster transport (section <c>Verwalter:Cluster</c>). The bind address and
/// the key come from the command line (<c>--host</c>, <c>--port</c>, <c>--cluster-key-file</c>).
/// </summary>
internal sealed class ClusterTransportOptions
{
    public const string SectionName = "Verwalter:Cluster";
    public const int DefaultMaxPayloadBytes = 8192;
    public const double DefaultPacketsPerSecond = 200;
    public const int DefaultBurst = 400;
    public const int DefaultQueueCapacity = 1024;
    public const int DefaultMaxSources = 4096;
    public static readonly TimeSpan DefaultReplayWindow = TimeSpan.FromSeconds(30);

    /// <summary>Largest payload (frame without header and tag) accepted or sent.</summary>
    [Range(512, 65000)]
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Sustained datagrams per second accepted from one source IP address.</summary>
    [Range(1, 1_000_000)]
    public double PacketsPerSecond { get; set; } = DefaultPacketsPerSecond;

    /// <summary>Datagrams one source may send at once before its rate applies.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = DefaultBurst;

    /// <summary>Received datagrams held per channel; when full the oldest is dropped.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>Source addresses tracked by the rate limiter; datagrams from further sources are dropped as rate limited.</summary>
    [Range(16, 1_000_000)]
    public int MaxSources { get; set; } = DefaultMaxSources;

    /// <summary>
    /// With a cluster key: how far a frame's sender timestamp may be from this node's clock, and how
    /// long a sender's replay window is remembered. Clocks in the cluster must agree within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReplayWindow { get; set; } = DefaultReplayWindow;
}
