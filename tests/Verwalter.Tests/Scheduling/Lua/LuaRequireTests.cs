using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaRequireTests
{
    [Theory]
    [InlineData("a.b", "a.lua")]
    [InlineData("a", "a.lua")]
    [InlineData("x/y.lua", "x/y.lua")]
    [InlineData("toolbox/modules/api", "toolbox/modules/api.lua")]
    [InlineData("a.b.c", "a.b.lua")]
    [InlineData(".hidden", ".hidden.lua")]
    public void Resolve_Name_ForcesLuaExtension(string name, string expected)
    {
        Assert.Equal(expected, LuaModulePath.Resolve(name, out _));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("")]
    public void Resolve_EscapingName_Refused(string name)
    {
        Assert.Null(LuaModulePath.Resolve(name, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Require_DottedName_LoadsFileWithLuaExtension()
    {
        using var scheduler = Load("return { v = require('a.b').v }", ("a.lua", "return { v = 'from a.lua' }"), ("a/b.lua", "return { v = 'wrong' }"));

        Assert.Equal("from a.lua", scheduler.Run().Parse().GetProperty("v").GetString());
    }

    [Fact]
    public void Require_ToolboxStyle_ChunkGetsNameAndFindsSiblings()
    {
        using var scheduler = Load(
            "return require('toolbox/modules/api').describe()",
            ("toolbox/modules/api.lua", """
                local name, extra = ...
                local package = (...):match("(.-)[^/]+$")
                local func = require(package .. "func")
                return { describe = function() return { name = name, extra = extra == nil, package = package, twice = func.twice(21) } end }
                """),
            ("toolbox/modules/func.lua", "return { twice = function(x) return x * 2 end }"));

        var result = scheduler.Run().Parse();

        Assert.Equal("toolbox/modules/api", result.GetProperty("name").GetString());
        Assert.True(result.GetProperty("extra").GetBoolean());
        Assert.Equal("toolbox/modules/", result.GetProperty("package").GetString());
        Assert.Equal(42, result.GetProperty("twice").GetInt32());
    }

    [Fact]
    public void Require_ExplicitLuaExtension_Loads()
    {
        using var scheduler = Load("return { v = require('x/y.lua') }", ("x/y.lua", "return 5"));

        Assert.Equal(5, scheduler.Run().Parse().GetProperty("v").GetInt32());
    }

    [Fact]
    public void Require_SecondTime_ReturnsCachedModule()
    {
        using var scheduler = Load("return { same = require('m') == require('m') }", ("m.lua", "return {}"));

        Assert.True(scheduler.Run().Parse().GetProperty("same").GetBoolean());
    }

    [Theory]
    [InlineData("../x", "refused")]
    [InlineData("/etc/passwd", "refused")]
    [InlineData("missing", "no file 'missing.lua'")]
    [InlineData("io", "no file 'io.lua'")]
    public void Require_BadName_RuntimeErrorNamingReason(string name, string expected)
    {
        using var scheduler = Load($"require('{name}') return {{}}");

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains($"module '{name}' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_ModuleWithSyntaxError_RuntimeErrorNamingFileAndLine()
    {
        using var scheduler = Load("require('broken') return {}", ("broken.lua", "local x = 1\nlocal = 2"));

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("error loading module 'broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken.lua:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_ModuleRaises_TracebackNamesModuleFile()
    {
        using var scheduler = Load("require('bad') return {}", ("bad.lua", "\n\nerror('module failed')"));

        var error = scheduler.RunFails();

        Assert.Contains("bad.lua:3: module failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_FromMainAtLoad_Works()
    {
        using var scheduler = LuaScheduler.Load(
            LuaTestSources.Source(("main.lua", "local m = require('lib') return { scheduler = function() return m.value end }"), ("lib.lua", "return { value = '[1]' }")),
            new SchedulerLimits(),
            new FakeRunWatchdog());

        Assert.Equal("[1]", scheduler.Run().Json());
    }

    private static LuaScheduler Load(string body, params (string Path, string Code)[] files) =>
        LuaScheduler.Load(
            LuaTestSources.Source([("main.lua", "return { scheduler = function(i)\n" + body + "\nend }"), .. files]),
            new SchedulerLimits(),
            new FakeRunWatchdog());
}
