namespace Verwalter.Leadership;

/// <summary>
/// Timers and quorum rules of the election. The defaults aim at a failover of about one to two
/// seconds: a follower notices a dead leader after 0.8–1.6 s and a pre-vote plus a vote round
/// take one round trip each.
/// </summary>
internal sealed class ElectionOptions
{
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DefaultElectionTimeoutMin = TimeSpan.FromMilliseconds(800);
    public static readonly TimeSpan DefaultElectionTimeoutMax = TimeSpan.FromMilliseconds(1600);
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultLeaderLease = TimeSpan.FromMilliseconds(1600);
    public static readonly TimeSpan DefaultMinorityWindow = TimeSpan.FromSeconds(75);

    /// <summary>How often the leader pings every peer.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// Lower bound of the randomised election timeout. It is also the stickiness window: a node
    /// that heard its leader more recently than this refuses pre-votes and votes of others.
    /// </summary>
    public TimeSpan ElectionTimeoutMin { get; set; } = DefaultElectionTimeoutMin;

    /// <summary>Upper bound (exclusive) of the randomised election timeout, drawn again each time.</summary>
    public TimeSpan ElectionTimeoutMax { get; set; } = DefaultElectionTimeoutMax;

    /// <summary>Quiet period after start (plus one election timeout) before a node campaigns, so it can hear a leader first.</summary>
    public TimeSpan StartTimeout { get; set; } = DefaultStartTimeout;

    /// <summary>
    /// A leader that has not heard Pongs from a quorum within this span steps down, unless
    /// <see cref="AllowMinorityCluster"/> is set.
    /// </summary>
    public TimeSpan LeaderLease { get; set; } = DefaultLeaderLease;

    /// <summary>
    /// Run a pre-vote round before bumping the epoch, so a node that was cut off cannot unseat a
    /// healthy leader when it returns. Off gives the original protocol (used by the spec-literal tests).
    /// </summary>
    public bool PreVote { get; set; } = true;

    /// <summary>
    /// Count only peers heard from directly within <see cref="MinorityWindow"/> in the quorum,
    /// so a partition cut off long enough elects its own leader (two leaders, two schedules).
    /// </summary>
    public bool AllowMinorityCluster { get; set; }

    /// <summary>How recently a peer must have been heard directly to count in minority mode.</summary>
    public TimeSpan MinorityWindow { get; set; } = DefaultMinorityWindow;

    /// <summary>Checks the cross-field rules; throws on a configuration that cannot work.</summary>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "must be positive");
        }
        if (ElectionTimeoutMin <= HeartbeatInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(ElectionTimeoutMin), ElectionTimeoutMin, "must exceed the heartbeat interval");
        }
        if (ElectionTimeoutMax <= ElectionTimeoutMin)
        {
            throw new ArgumentOutOfRangeException(nameof(ElectionTimeoutMax), ElectionTimeoutMax, "must exceed the minimum election timeout");
        }
        if (LeaderLease < ElectionTimeoutMin)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaderLease), LeaderLease, "must be at least the minimum election timeout");
        }
        if (StartTimeout < TimeSpan.Zero || MinorityWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), "start timeout and minority window must not be negative");
        }
    }
}
