using Verwalter.Api.Contracts;
using Verwalter.Api.Graph;

namespace Verwalter.Tests.Api.Graph;

/// <summary>What makes <c>subscription { status }</c> push: a schedule, leader or role change does, the clock alone does not.</summary>
public sealed class GraphStatusReaderTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Fingerprint_ClockOnlyChanges_AreEqual()
    {
        var before = Read(Status());
        var later = Read(Status() with
        {
            ElectionState = new ElectionInfo(true, true, "a", 1, 1_700_000_999_000),
            Loops = [new LoopStatus("config", At.AddSeconds(30), null, null, null, 0, 0)],
        }) with { Election = Election() with { LastStableTimestamp = 1_700_000_999_000, Deadline = 1_700_000_999_000 } };

        Assert.Equal(GraphStatusReader.Fingerprint(before), GraphStatusReader.Fingerprint(later));
    }

    [Fact]
    public void Fingerprint_NewScheduleLeaderOrRoleOutcome_Differ()
    {
        var baseline = GraphStatusReader.Fingerprint(Read(Status()));
        var changes = new[]
        {
            Read(Status() with { ScheduleId = "other-hash" }),
            Read(Status() with { Leader = new LeaderInfo("b", "beta", "beta", "127.0.0.2:8379", "h") }),
            Read(Status()) with { Election = Election() with { Epoch = 2 } },
            Read(Status() with { RoleStates = [new RoleStatus("web", "d2", At, 1, null)] }),
            Read(Status() with { RoleStates = [new RoleStatus("web", "d1", At, 1, "exit 10")] }),
            Read(Status() with { Errors = new Dictionary<string, string> { ["runtime"] = "runtime/web.yaml:1:1: bad" } }),
            Read(Status() with { Loops = [new LoopStatus("config", At, "boom", At, At, 1, 0)] }),
        };

        Assert.All(changes, c => Assert.NotEqual(baseline, GraphStatusReader.Fingerprint(c)));
    }

    private static GraphStatus Read(StatusResponse status) => new(status, Election(), null, null, []);

    private static ElectionResponse Election() => new(true, true, "a", null, null, null, 1, 1_700_000_001_000, 1_700_000_000_000, "Leader", null, 1_700_000_000_000);

    private static StatusResponse Status() => new(
        "0.1.0", "a", "alpha", "alpha", 0, null,
        new LeaderInfo("a", "alpha", "alpha", null, "h"),
        1, 1_700_000_000_000, 0,
        new Dictionary<string, string>(), [], false,
        new StatusMetrics(1, 1, 0),
        new FetchState("StableLeader"),
        new ElectionInfo(true, true, "a", 1, 1_700_000_000_000),
        "hash", "ok", "common",
        [new LoopStatus("config", At, null, null, null, 0, 0)],
        "d1", At,
        [new RoleStatus("web", "d1", At, 1, null)]);
}
