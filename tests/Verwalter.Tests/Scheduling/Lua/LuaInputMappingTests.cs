namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaInputMappingTests
{
    private const string Input = """
        {
          "now": 1533913910123,
          "current_host": "alpha",
          "ratio": 0.5,
          "whole_float": 2.0,
          "gone": null,
          "parents": [{"x": 1}, {"x": 2}],
          "holes": [1, null, 3],
          "actions": {"1533913910000": {"button": "a"}, "17": {"k": null}, "not-a-number": 1},
          "runtime": {"app": {"10": "ten", "escaped\u00e9": "\u00fc\n"}},
          "peers": {}
        }
        """;

    [Fact]
    public void Run_Integers_AreLuaIntegers()
    {
        using var scheduler = LuaTestSources.LoadBody("return { now = math.type(i.now), value = i.now }");

        var result = scheduler.Run(Input).Parse();

        Assert.Equal("integer", result.GetProperty("now").GetString());
        Assert.Equal(1533913910123, result.GetProperty("value").GetInt64());
    }

    [Fact]
    public void Run_Floats_AreLuaFloats()
    {
        using var scheduler = LuaTestSources.LoadBody("return { ratio = math.type(i.ratio), whole = math.type(i.whole_float), text = tostring(i.whole_float) }");

        var result = scheduler.Run(Input).Parse();

        Assert.Equal("float", result.GetProperty("ratio").GetString());
        Assert.Equal("float", result.GetProperty("whole").GetString());
        Assert.Equal("2.0", result.GetProperty("text").GetString());
    }

    [Fact]
    public void Run_Nulls_AreAbsentKeys()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local keys = {}
            for k in pairs(i) do keys[#keys + 1] = k end
            table.sort(keys)
            return { keys = table.concat(keys, ","), gone = i.gone == nil, inner = next(i.actions[17]) == nil }
            """);

        var result = scheduler.Run(Input).Parse();

        Assert.DoesNotContain("gone", result.GetProperty("keys").GetString()!, StringComparison.Ordinal);
        Assert.True(result.GetProperty("gone").GetBoolean());
        Assert.True(result.GetProperty("inner").GetBoolean());
    }

    [Fact]
    public void Run_Arrays_AreOneBasedSequences()
    {
        using var scheduler = LuaTestSources.LoadBody("return { n = #i.parents, first = i.parents[1].x, zero = i.parents[0] == nil, hole = i.holes[2] == nil, third = i.holes[3] }");

        var result = scheduler.Run(Input).Parse();

        Assert.Equal(2, result.GetProperty("n").GetInt32());
        Assert.Equal(1, result.GetProperty("first").GetInt32());
        Assert.True(result.GetProperty("zero").GetBoolean());
        Assert.True(result.GetProperty("hole").GetBoolean());
        Assert.Equal(3, result.GetProperty("third").GetInt32());
    }

    [Fact]
    public void Run_ActionKeys_AreLuaIntegers()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local types = {}
            for k in pairs(i.actions) do types[tostring(k)] = math.type(k) or type(k) end
            return { types = types, button = i.actions[1533913910000].button }
            """);

        var result = scheduler.Run(Input).Parse();

        var types = result.GetProperty("types");
        Assert.Equal("integer", types.GetProperty("1533913910000").GetString());
        Assert.Equal("integer", types.GetProperty("17").GetString());
        Assert.Equal("string", types.GetProperty("not-a-number").GetString());
        Assert.Equal("a", result.GetProperty("button").GetString());
    }

    [Fact]
    public void Run_NumericKeysOutsideActions_StayStrings()
    {
        using var scheduler = LuaTestSources.LoadBody("return { s = i.runtime.app['10'], n = i.runtime.app[10] == nil }");

        var result = scheduler.Run(Input).Parse();

        Assert.Equal("ten", result.GetProperty("s").GetString());
        Assert.True(result.GetProperty("n").GetBoolean());
    }

    [Fact]
    public void Run_EscapedStrings_AreUnescapedBytes()
    {
        using var scheduler = LuaTestSources.LoadBody("return { v = i.runtime.app['escapedé'], len = #i.runtime.app['escapedé'] }");

        var result = scheduler.Run(Input).Parse();

        Assert.Equal("ü\n", result.GetProperty("v").GetString());
        Assert.Equal(3, result.GetProperty("len").GetInt32());
    }

    [Fact]
    public void Run_InputRoundTrip_KeepsShape()
    {
        using var scheduler = LuaTestSources.LoadBody("return i.parents");

        Assert.Equal("""[{"x":1},{"x":2}]""", scheduler.Run(Input).Json());
    }

    [Fact]
    public void Run_InvalidInputJson_ThrowsArgumentException()
    {
        using var scheduler = LuaTestSources.LoadBody("return '{}'");

        Assert.Throws<ArgumentException>(() => scheduler.Run("{"));
        Assert.Equal("{}", scheduler.Run().Json());
    }
}
