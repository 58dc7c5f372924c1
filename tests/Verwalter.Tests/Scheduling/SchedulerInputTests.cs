using System.Text.Json.Nodes;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling;

public sealed class SchedulerInputTests
{
    [Fact]
    public void ToJson_Defaults_HaveEveryFieldInOrder()
    {
        var json = JsonNode.Parse(new SchedulerInput(42, "alpha", "ab").ToJson())!.AsObject();
        Assert.Equal(SchedulerInput.FieldNames, json.Select(p => p.Key));
        Assert.Equal(42, json["now"]!.GetValue<long>());
        Assert.Equal("alpha", json["current_host"]!.GetValue<string>());
        Assert.Empty(json["parents"]!.AsArray());
        Assert.Empty(json["peers"]!.AsObject());
    }

    [Fact]
    public void Override_GivenFields_ReplaceDefaultsWhole()
    {
        var input = new SchedulerInput(1, "alpha", "ab")
            .With("runtime", """{"web":{"v1":{}}}"""u8)
            .Override("""{"now": 7, "actions": {"1000": {"button": {}}}}"""u8);
        var json = JsonNode.Parse(input.ToJson())!;
        Assert.Equal(7, json["now"]!.GetValue<long>());
        Assert.NotNull(json["actions"]!["1000"]);
        Assert.NotNull(json["runtime"]!["web"]);
    }

    [Fact]
    public void Override_UnknownField_NamesIt()
    {
        var ex = Assert.Throws<FormatException>(() => new SchedulerInput(1, "a", "b").Override("""{"peer": {}}"""u8));
        Assert.Contains("'peer'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithParents_TwoSchedules_AreAnArrayOfTheirData()
    {
        var json = JsonNode.Parse(new SchedulerInput(1, "a", "b").WithParents([[.. """{"x":1}"""u8], [.. """{"y":2}"""u8]]).ToJson())!;
        Assert.Equal(2, json["parents"]!.AsArray().Count);
        Assert.Equal(2, json["parents"]![1]!["y"]!.GetValue<int>());
    }
}
