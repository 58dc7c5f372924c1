using System.Text;
using Verwalter.Leadership;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Leadership;

public sealed class LeadershipOptionsTests
{
    [Fact]
    public void Defaults_AreConsistent_AndFasterThanTheOriginal()
    {
        var options = new LeadershipOptions();
        Assert.True(options.IsConsistent(out var error), error);
        Assert.True(options.ElectionTimeoutMax <= TimeSpan.FromSeconds(2));
        Assert.False(options.AllowMinorityCluster);
    }

    [Theory]
    [InlineData(200, 150, 1200, 1200)] // minimum election timeout below the heartbeat
    [InlineData(150, 600, 600, 1200)]  // max not above min
    [InlineData(150, 600, 1200, 300)]  // lease shorter than the minimum election timeout
    public void Inconsistent_Timers_AreReported(int heartbeat, int min, int max, int lease)
    {
        var options = new LeadershipOptions
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(heartbeat),
            ElectionTimeoutMin = TimeSpan.FromMilliseconds(min),
            ElectionTimeoutMax = TimeSpan.FromMilliseconds(max),
            LeaderLease = TimeSpan.FromMilliseconds(lease),
        };
        Assert.False(options.IsConsistent(out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ActionReplies_AreTakenOutBeforeHashing_NonNumericIdsIgnored()
    {
        var data = CanonicalJson.Canonicalize("""{"b":1,"action_replies":{"17":{"ok":true},"x":2},"a":[1]}"""u8);
        var (clean, replies) = ActionReplies.Extract(data);
        Assert.Equal("""{"a":[1],"b":1}""", Encoding.UTF8.GetString(clean));
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString(Assert.Single(replies).Value));
        Assert.Equal(17, replies.Keys.Single());

        var plain = CanonicalJson.Canonicalize("""{"note":"action_replies"}"""u8);
        Assert.Same(plain, ActionReplies.Extract(plain).Data);
    }
}
