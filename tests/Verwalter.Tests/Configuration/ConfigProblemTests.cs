using Verwalter.Configuration;

namespace Verwalter.Tests.Configuration;

public sealed class ConfigProblemTests
{
    [Fact]
    public void ToString_IncludesKnownLocationParts()
    {
        Assert.Equal("runtime/app/v1.yaml:3:5: bad", new ConfigProblem("runtime/app/v1.yaml", 3, 5, "bad").ToString());
        Assert.Equal("runtime/a.json:2: bad", new ConfigProblem("runtime/a.json", 2, null, "bad").ToString());
        Assert.Equal("scheduler/v1/main.lua: not found", new ConfigProblem("scheduler/v1/main.lua", null, null, "not found").ToString());
    }
}
