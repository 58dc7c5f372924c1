using System.ComponentModel.DataAnnotations;

namespace Verwalter.Leadership;

/// <summary>
/// Timers of the leadership loop (section <c>Verwalter:Leadership</c>). The defaults aim at a
/// failover with p50 ≤ 1 s and p99 ≤ 2 s on a LAN; the arithmetic is in
/// docs/controllers/leadership.md. Change the heartbeat and the election timeouts together.
/// </summary>
internal sealed class LeadershipOptions
{
    public const string SectionName = "Verwalter:Leadership";

    /// <summary>How often the leader pings every peer (and re-sends candidate requests).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Lower bound of the randomised election timeout; also the stickiness window.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:10:00")]
    public TimeSpan ElectionTimeoutMin { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Upper bound (exclusive) of the election timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.030", "00:10:00")]
    public TimeSpan ElectionTimeoutMax { get; set; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>Quiet time after start (plus one election timeout) to hear an existing leader first.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A leader without Pongs from a quorum for this long steps down (not in minority mode).</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:10:00")]
    public TimeSpan LeaderLease { get; set; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>Pre-vote round before an epoch is raised (keeps returning nodes from unseating a healthy leader).</summary>
    public bool PreVote { get; set; } = true;

    /// <summary><c>--allow-minority-cluster</c>: count only peers heard directly within <see cref="MinorityWindow"/>.</summary>
    public bool AllowMinorityCluster { get; set; }

    /// <summary>How recently a peer must have been heard directly to count in minority mode (75 s as the original).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MinorityWindow { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>
    /// Upper bound of parent collection after becoming leader. It normally ends much earlier: as
    /// soon as every alive peer answered and every distinct schedule it reported was fetched.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ParentCollectionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public ElectionOptions ToElectionOptions() => new()
    {
        HeartbeatInterval = HeartbeatInterval,
        ElectionTimeoutMin = ElectionTimeoutMin,
        ElectionTimeoutMax = ElectionTimeoutMax,
        StartTimeout = StartTimeout,
        LeaderLease = LeaderLease,
        PreVote = PreVote,
        AllowMinorityCluster = AllowMinorityCluster,
        MinorityWindow = MinorityWindow,
    };

    /// <summary>The cross-field rules of <see cref="ElectionOptions.Validate"/>, as an options check.</summary>
    public bool IsConsistent(out string? error)
    {
        try
        {
            ToElectionOptions().Validate();
            error = null;
            return true;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
