using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling;

public sealed class ScheduleDiffTests
{
    [Fact]
    public void Compute_AddedRemovedChanged_OneLineEachInPathOrder()
    {
        var lines = ScheduleDiff.Compute(
            """{"state":{"web":{"version":"v1"},"cache":{}},"keep":1}"""u8,
            """{"state":{"web":{"version":"v2"}},"keep":1,"nodes":{"a":{}}}"""u8);
        Assert.Equal(
            ["+ nodes: {\"a\":{}}", "- state.cache: {}", "~ state.web.version: \"v1\" → \"v2\""],
            lines);
    }

    [Fact]
    public void Compute_Equal_IsEmpty() => Assert.Empty(ScheduleDiff.Compute("""{"a":[1,2]}"""u8, """{"a":[1,2]}"""u8));
}
