using Verwalter.Leadership;

namespace Verwalter.Tests.Leadership;

/// <summary>Manual time and option presets for the election unit tests.</summary>
internal static class ElectionTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Me = "me";
    public const string Peer = "peer";

    /// <summary>The original's constants and rules: 500 ms heartbeat, 1.6–4 s timeouts, 5 s start, minority allowed, no pre-vote.</summary>
    public static ElectionOptions Original() => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        ElectionTimeoutMin = TimeSpan.FromMilliseconds(1600),
        ElectionTimeoutMax = TimeSpan.FromMilliseconds(4000),
        StartTimeout = TimeSpan.FromSeconds(5),
        LeaderLease = TimeSpan.FromMilliseconds(4000),
        PreVote = false,
        AllowMinorityCluster = true,
    };

    public static ElectionMachine Machine(ElectionOptions? options = null, double random = 0.5) =>
        new(Me, options ?? new ElectionOptions(), new ConstantRandomSource(random));

    public static DateTimeOffset Ms(long ms) => T0.AddMilliseconds(ms);

    /// <summary>Peers always fresh and heard directly "now", as the original's test harness.</summary>
    public static PeerView FreshPeers(DateTimeOffset now, params string[] ids) => PeerView.Of(now, ids);

    public static T Single<T>(IReadOnlyList<ElectionAction> actions)
        where T : ElectionAction => Assert.Single(actions.OfType<T>());
}
