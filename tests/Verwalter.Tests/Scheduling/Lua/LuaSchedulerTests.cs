using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaSchedulerTests
{
    [Fact]
    public void Run_MinimalScheduler_ReturnsStringAndLog()
    {
        using var scheduler = LuaTestSources.Load("""return {scheduler=function(i) return "{}", "Empty" end}""");

        var output = scheduler.Run();

        Assert.Equal("{}", output.Json());
        Assert.Equal("Empty", output.Log);
    }

    [Fact]
    public void Run_ReturnsTable_WritesSortedJson()
    {
        using var scheduler = LuaTestSources.LoadBody("""
            return { zeta = 1, alpha = { 1, 2.5, "x", true }, empty = {}, float = 1.0, big = 2^53, nan = 0/0, [7] = "seven" }
            """);

        var output = scheduler.Run();

        Assert.Equal("""{"7":"seven","alpha":[1,2.5,"x",true],"big":9007199254740992.0,"empty":{},"float":1.0,"nan":null,"zeta":1}""", output.Json());
        Assert.Equal("", output.Log);
    }

    [Fact]
    public void Run_ReturnsTableWithNonFiniteNumbers_WritesNull()
    {
        using var scheduler = LuaTestSources.LoadBody("return { 1/0, -1/0, 0/0 }");

        Assert.Equal("[null,null,null]", scheduler.Run().Json());
    }

    [Fact]
    public void Run_ReturnsTableAndLog_KeepsLog()
    {
        using var scheduler = LuaTestSources.LoadBody("""return { a = "ü\"\n" }, "done" """);

        var output = scheduler.Run();

        Assert.Equal("ü\"\n", output.Parse().GetProperty("a").GetString());
        Assert.Equal("done", output.Log);
    }

    [Fact]
    public void Run_Prints_PrependsPrintedLinesToLog()
    {
        using var scheduler = LuaTestSources.LoadBody("""print("hello", 1, nil) print("second") return "{}", "returned" """);

        var output = scheduler.Run();

        Assert.Equal("hello\t1\tnil\nsecond\nreturned", output.Log);
    }

    [Fact]
    public void Run_PrintedThenRaised_KeepsPrintedLinesInExceptionLog()
    {
        using var scheduler = LuaTestSources.LoadBody("""print("before") error("boom")""");

        var error = scheduler.RunFails();

        Assert.Equal("before\n", error.Log);
    }

    [Fact]
    public void Run_Raises_RuntimeWithTraceback()
    {
        using var scheduler = LuaTestSources.Load("""
            local function inner() error("boom") end
            return { scheduler = function(i) inner() end }
            """);

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("main.lua:1: boom", error.Message, StringComparison.Ordinal);
        Assert.Contains("stack traceback:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'inner'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RaisesTable_DescribesErrorObject()
    {
        using var scheduler = LuaTestSources.LoadBody("error({})");

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("(error object is a table value)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("return 42", "scheduler returned a number")]
    [InlineData("return nil, 'log'", "scheduler returned nil")]
    [InlineData("return", "scheduler returned nil")]
    [InlineData("return true", "scheduler returned a boolean")]
    [InlineData("return print", "scheduler returned a function")]
    [InlineData("return '{\"a\": '", "not valid JSON")]
    [InlineData("return ''", "not valid JSON")]
    [InlineData("return '{} x'", "not valid JSON")]
    [InlineData("return '{}', 5", "unconvertible value")]
    [InlineData("return '{}', {}", "unconvertible value")]
    [InlineData("return { f = print }", "function value to JSON (at f)")]
    [InlineData("return { a = { { x = print } } }", "(at a[1].x)")]
    [InlineData("local t = {} t.self = t return t", "table contains itself (at self)")]
    [InlineData("local t = {} for i = 1, 300 do t = { t } end return t", "nested deeper than 200")]
    [InlineData("return { [1.5] = 1 }", "non-integer number key")]
    [InlineData("return { [true] = 1 }", "boolean key")]
    [InlineData("return { [1] = 'a', ['1'] = 'b', x = 1 }", "both as an integer and as a string")]
    [InlineData("return { s = '\\xff' }", "not valid UTF-8 (at s)")]
    public void Run_BadResult_InvalidResult(string body, string expected)
    {
        using var scheduler = LuaTestSources.LoadBody(body);

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.InvalidResult, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidResult_StateKeptForNextRun()
    {
        using var scheduler = LuaTestSources.Load("""
            local runs = 0
            return { scheduler = function(i) runs = runs + 1 if runs == 1 then return 1 end return { runs = runs } end }
            """);

        scheduler.RunFails();

        Assert.Equal(2, scheduler.Run().Parse().GetProperty("runs").GetInt32());
    }

    [Fact]
    public void Run_Error_StateRebuiltForNextRun()
    {
        using var scheduler = LuaTestSources.Load("""
            local runs = 0
            return { scheduler = function(i) runs = runs + 1 if i.fail then error("first") end return { runs = runs } end }
            """);

        scheduler.RunFails("""{"fail": true}""");

        Assert.Equal(1, scheduler.Run().Parse().GetProperty("runs").GetInt32());
    }

    [Fact]
    public void Run_GlobalsKeptAcrossSuccessfulRuns()
    {
        using var scheduler = LuaTestSources.LoadBody("counter = (counter or 0) + 1 return { counter = counter }");

        scheduler.Run();

        Assert.Equal(2, scheduler.Run().Parse().GetProperty("counter").GetInt32());
    }

    [Fact]
    public void Run_VerwalterMainGlobal_IsTheReturnedTable()
    {
        using var scheduler = LuaTestSources.LoadBody("return { same = _VERWALTER_MAIN.scheduler ~= nil }");

        Assert.True(scheduler.Run().Parse().GetProperty("same").GetBoolean());
    }
}
