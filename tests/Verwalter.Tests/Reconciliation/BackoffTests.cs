using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(1);

    [Fact]
    public void Next_RepeatedFailures_DoublesUntilCap()
    {
        var backoff = new Backoff<string>(Base, Cap, new FixedRandomSource(0.5));

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next("a").TotalMilliseconds).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000], delays);
        Assert.Equal(7, backoff.Failures("a"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Next_AnyRandomValue_StaysWithinJitterBoundsAndCap(double random)
    {
        var backoff = new Backoff<string>(Base, Cap, new FixedRandomSource(random));
        double[] raw = [100, 200, 400, 800, 1000, 1000];

        foreach (var expected in raw)
        {
            var delay = backoff.Next("a").TotalMilliseconds;
            Assert.InRange(delay, expected * (1 - Backoff<string>.JitterRatio), Math.Min(Cap.TotalMilliseconds, expected * (1 + Backoff<string>.JitterRatio)));
        }
    }

    [Fact]
    public void Next_LowestRandom_ShortensByJitterRatio()
    {
        var backoff = new Backoff<string>(Base, Cap, new FixedRandomSource(0.0));

        Assert.Equal(TimeSpan.FromMilliseconds(80), backoff.Next("a"));
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainFromBase()
    {
        var backoff = new Backoff<string>(Base, Cap, new FixedRandomSource(0.5));
        backoff.Next("a");
        backoff.Next("a");

        backoff.Reset("a");

        Assert.Equal(0, backoff.Failures("a"));
        Assert.Equal(Base, backoff.Next("a"));
    }

    [Fact]
    public void Next_DifferentKeys_CountedSeparately()
    {
        var backoff = new Backoff<string>(Base, Cap, new FixedRandomSource(0.5));
        backoff.Next("a");
        backoff.Next("a");

        Assert.Equal(Base, backoff.Next("b"));
    }

    [Fact]
    public void Next_ManyFailures_NeverOverflowsCap()
    {
        var backoff = new Backoff<string>(Base, TimeSpan.FromDays(1), new FixedRandomSource(0.999999));

        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(backoff.Next("a"), Base, TimeSpan.FromDays(1));
        }
    }

    [Fact]
    public void Constructor_CapBelowBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff<string>(Cap, Base, new FixedRandomSource(0.5)));
}
