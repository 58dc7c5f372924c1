using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaSandboxTests
{
    [Theory]
    [InlineData("io.open('/etc/passwd')", "global 'io'")]
    [InlineData("os.execute('true')", "global 'os'")]
    [InlineData("coroutine.create(print)", "global 'coroutine'")]
    [InlineData("dofile('/etc/passwd')", "global 'dofile'")]
    [InlineData("loadfile('/etc/passwd')", "global 'loadfile'")]
    [InlineData("string.dump(print)", "field 'dump'")]
    [InlineData("debug.sethook()", "field 'sethook'")]
    [InlineData("package.loadlib('libc.so.6', 'system')", "field 'loadlib'")]
    public void Run_RemovedFunction_RuntimeErrorNamingIt(string call, string expected)
    {
        using var scheduler = LuaTestSources.LoadBody(call + " return '{}'");

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("a nil value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Globals_OnlySandboxLibraries()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            return {
              io = io == nil, os = os == nil, coroutine = coroutine == nil, dump = string.dump == nil,
              debug = (function() local n = 0 for k in pairs(debug) do n = n + 1 end return n end)(),
              loaded_debug = package.loaded.debug == debug,
              path = package.path, cpath = package.cpath, searchers = #package.searchers,
              searchpath = package.searchpath == nil,
            }
            """);

        var result = scheduler.Run().Parse();

        foreach (var name in new[] { "io", "os", "coroutine", "dump", "loaded_debug", "searchpath" })
        {
            Assert.True(result.GetProperty(name).GetBoolean(), name);
        }

        Assert.Equal(2, result.GetProperty("debug").GetInt32());
        Assert.Equal("", result.GetProperty("path").GetString());
        Assert.Equal("", result.GetProperty("cpath").GetString());
        Assert.Equal(1, result.GetProperty("searchers").GetInt32());
    }

    [Fact]
    public void Run_LoadBinaryChunk_Refused()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local f, err = load("\27Lua\84\0", "bin", "b")
            local ok = load("return 1 + 1", "text", "bt")
            return { refused = f == nil, err = err, text = ok() }
            """);

        var result = scheduler.Run().Parse();

        Assert.True(result.GetProperty("refused").GetBoolean());
        Assert.Contains("binary chunk", result.GetProperty("err").GetString()!, StringComparison.Ordinal);
        Assert.Equal(2, result.GetProperty("text").GetInt32());
    }

    [Fact]
    public void Run_LoadWithEnv_UsesEnv()
    {
        using var scheduler = LuaTestSources.LoadBody("return { v = load('return x', 'c', 'b', { x = 7 })() }");

        Assert.Equal(7, scheduler.Run().Parse().GetProperty("v").GetInt32());
    }

    [Fact]
    public void Run_Xpcall_HandlerStillCalled()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local ok, msg = xpcall(error, function(m) return "handled: " .. m end, "x", 0)
            local ok2, a, b = xpcall(function(...) return ... end, print, 1, 2)
            return { ok = ok, msg = msg, ok2 = ok2, sum = a + b }
            """);

        Assert.Equal("""{"msg":"handled: x","ok":false,"ok2":true,"sum":3}""", scheduler.Run().Json());
    }

    [Fact]
    public void Run_SetMetatableWithGc_Refused()
    {
        using var scheduler = LuaTestSources.LoadBody("setmetatable({}, { __gc = function() while true do end end }) return '{}'");

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("__gc metamethods are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SetMetatableWithoutGc_Works()
    {
        using var scheduler = LuaTestSources.LoadBody("local t = setmetatable({}, { __index = function() return 3 end }) return { v = t.anything }");

        Assert.Equal(3, scheduler.Run().Parse().GetProperty("v").GetInt32());
    }

    [Theory]
    [InlineData("collectgarbage('stop')")]
    [InlineData("collectgarbage('incremental')")]
    [InlineData("collectgarbage('setpause', 1000)")]
    public void Run_CollectGarbageUnsafeOption_Refused(string call)
    {
        using var scheduler = LuaTestSources.LoadBody(call + " return '{}'");

        var error = scheduler.RunFails();

        Assert.Contains("is not allowed in the scheduler sandbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CollectGarbageAllowedOptions_Work()
    {
        using var scheduler = LuaTestSources.LoadBody("collectgarbage() collectgarbage('step') return { kb = collectgarbage('count') > 0 }");

        Assert.True(scheduler.Run().Parse().GetProperty("kb").GetBoolean());
    }

    [Fact]
    public void Run_Random_SameOnTwoFreshLoads()
    {
        const string body = "local t = {} for n = 1, 5 do t[n] = math.random(1, 1000000) end return t";
        using var first = LuaTestSources.LoadBody(body);
        using var second = LuaTestSources.LoadBody(body);

        Assert.Equal(first.Run().Json(), second.Run().Json());
    }

    [Fact]
    public void Run_Compat53Shims_Behave()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            local m, e = math.frexp(12)
            return {
              pow = math.pow(2, 10), ldexp = math.ldexp(0.75, 4), log10 = math.log10(1000),
              cosh = math.cosh(0), sinh = math.sinh(0), tanh = math.tanh(100),
              m = m, e = e, zero = string.format("[%05s|%-0s|%5d]", "ab", "c", 42),
            }
            """);

        var result = scheduler.Run().Parse();

        Assert.Equal(1024.0, result.GetProperty("pow").GetDouble());
        Assert.Equal(12.0, result.GetProperty("ldexp").GetDouble());
        Assert.Equal(3.0, result.GetProperty("log10").GetDouble(), 12);
        Assert.Equal(1.0, result.GetProperty("cosh").GetDouble());
        Assert.Equal(0.0, result.GetProperty("sinh").GetDouble());
        Assert.Equal(1.0, result.GetProperty("tanh").GetDouble());
        Assert.Equal(0.75, result.GetProperty("m").GetDouble());
        Assert.Equal(4, result.GetProperty("e").GetInt32());
        Assert.Equal("[   ab|c|   42]", result.GetProperty("zero").GetString());
    }

    [Fact]
    public void Run_Version_IsLua54()
    {
        using var scheduler = LuaTestSources.LoadBody("return { v = _VERSION, utf8 = utf8.char(252) }");

        var result = scheduler.Run().Parse();

        Assert.Equal("Lua 5.4", result.GetProperty("v").GetString());
        Assert.Equal("ü", result.GetProperty("utf8").GetString());
    }
}
