using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaJsonModuleTests
{
    [Fact]
    public void Encode_Table_SortedCompactJson()
    {
        using var scheduler = LuaTestSources.LoadBody("""return json.encode({ b = { 3, 2.5 }, a = "x", c = {}, d = false }), "" """);

        Assert.Equal("""{"a":"x","b":[3,2.5],"c":{},"d":false}""", scheduler.Run().Json());
    }

    [Fact]
    public void Encode_Scalars_Json()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            return { json.encode(nil), json.encode(1), json.encode(1.0), json.encode("q\"") }
            """);

        Assert.Equal("""["null","1","1.0","\"q\\\"\""]""", scheduler.Run().Json());
    }

    [Fact]
    public void Decode_Object_TableWithNullsDropped()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local v = json.decode('{"a": [1, 2.0, "x"], "n": null, "o": {"k": true}, "e": "\\u00fc"}')
            return { n = v.n == nil, a1 = math.type(v.a[1]), a2 = math.type(v.a[2]), k = v.o.k, e = v.e, null = json.decode("null") == nil }
            """);

        Assert.Equal("""{"a1":"integer","a2":"float","e":"ü","k":true,"n":true,"null":true}""", scheduler.Run().Json());
    }

    [Fact]
    public void EncodeDecode_RoundTrip_Stable()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local s = '{"a":[1,{"b":null}],"c":{"d":1.5}}'
            return json.encode(json.decode(s))
            """);

        Assert.Equal("""{"a":[1,{}],"c":{"d":1.5}}""", scheduler.Run().Json());
    }

    [Theory]
    [InlineData("json.decode('{')", "json.decode:")]
    [InlineData("json.decode(5)", "a string is expected, got number")]
    [InlineData("json.encode({ f = print })", "json.encode: cannot convert a function value to JSON (at f)")]
    [InlineData("local t = {} t[1] = t json.encode(t)", "table contains itself")]
    public void JsonError_RaisedAsLuaErrorAtCaller(string call, string expected)
    {
        using var scheduler = LuaTestSources.LoadBody(call + " return '{}'");

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("main.lua:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonError_CaughtByPcall_ScriptContinues()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local ok1, e1 = pcall(json.decode, "nope")
            local ok2, e2 = pcall(json.encode, { print })
            local ok3 = pcall(json.decode, "[")
            return { ok = ok1 or ok2 or ok3, e1 = type(e1), e2 = type(e2) }
            """);

        Assert.Equal("""{"e1":"string","e2":"string","ok":false}""", scheduler.Run().Json());
    }
}
