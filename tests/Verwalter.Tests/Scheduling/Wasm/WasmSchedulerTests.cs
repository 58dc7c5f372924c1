using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Wasm;

namespace Verwalter.Tests.Scheduling.Wasm;

public sealed class WasmSchedulerTests
{
    private const string File = "scheduler/v1/scheduler.wasm";
    private static readonly byte[] Input = """{"now":1,"current_host":"alpha","peers":{},"runtime":{"x":[1,2]}}"""u8.ToArray();

    private static WasmScheduler Load(string wat, WasmLimits? limits = null) =>
        WasmScheduler.Load(File, WatModules.Compile(wat), limits ?? new WasmLimits());

    private static JsonNode Schedule(SchedulerOutput output) => JsonNode.Parse(output.ScheduleJson)!;

    [Fact]
    public void Run_EchoModule_GetsTheWholeInputAndReturnsScheduleAndLog()
    {
        using var scheduler = Load(WatModules.Echo());

        var output = scheduler.Run(Input);

        Assert.Equal("alpha", Schedule(output)["input"]!["current_host"]!.GetValue<string>());
        Assert.Equal(2, Schedule(output)["input"]!["runtime"]!["x"]!.AsArray().Count);
        Assert.Equal("echo\n", output.Log);
    }

    [Fact]
    public void Run_TrailingBytesAfterTheValue_AreIgnored()
    {
        using var scheduler = Load(WatModules.Constant("""{"schedule":{"a":1},"log":"l"} trailing garbage {"""));

        var output = scheduler.Run(Input);

        Assert.Equal(1, Schedule(output)["a"]!.GetValue<int>());
    }

    [Fact]
    public void Run_ActionReplies_BecomeTheScheduleActionRepliesField()
    {
        using var scheduler = Load(WatModules.Constant("""{"schedule":{"a":1},"log":"","actions":{"1000":{"ok":true}}}"""));

        var output = scheduler.Run(Input);
        var (data, replies) = ActionReplies.Extract(ScheduleResult.ToCanonicalData(output.ScheduleJson));

        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(data));
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString(replies[1000]));
    }

    [Fact]
    public void Run_SuccessfulRuns_KeepTheInstanceAndTrapRecreatesIt()
    {
        using var scheduler = Load(WatModules.Counter());

        Assert.True(Schedule(scheduler.Run(Input))["fresh"]!.GetValue<bool>());
        Assert.False(Schedule(scheduler.Run(Input))["fresh"]!.GetValue<bool>());
        var trap = Assert.Throws<SchedulerException>(() => scheduler.Run("{}"u8));
        Assert.Equal(SchedulerErrorKind.Runtime, trap.Kind);
        Assert.True(Schedule(scheduler.Run(Input))["fresh"]!.GetValue<bool>());
    }

    [Fact]
    public void Run_Unreachable_FailsWithTheTrapNamingTheFile()
    {
        using var scheduler = Load(WatModules.Trap());

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.Runtime, ex.Kind);
        Assert.StartsWith(File + ": scheduler: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Run_InfiniteLoop_StopsAtTheDeadline()
    {
        using var scheduler = Load(WatModules.InfiniteLoop(), new WasmLimits { Deadline = TimeSpan.FromMilliseconds(100), Fuel = long.MaxValue / 2 });

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.Timeout, ex.Kind);
        Assert.Contains("deadline of 100 ms exceeded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InfiniteLoop_StopsWhenFuelRunsOut()
    {
        using var scheduler = Load(WatModules.InfiniteLoop(), new WasmLimits { Deadline = TimeSpan.FromMinutes(5), Fuel = 1_000_000 });

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.Timeout, ex.Kind);
        Assert.Contains("instruction budget of 1000000 exhausted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MemoryBomb_StopsAtTheMemoryLimit()
    {
        using var scheduler = Load(WatModules.MemoryBomb(), new WasmLimits { MemoryBytes = 8 * 1024 * 1024 });

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.Memory, ex.Kind);
        Assert.Contains("memory limit of 8 MiB reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnboundedRecursion_FailsWithStackOverflow()
    {
        using var scheduler = Load(WatModules.Recursion(), new WasmLimits { StackBytes = 128 * 1024 });

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Contains("stack overflow", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LogPanic_FailsWithThePanicAndLogsIt()
    {
        using var scheduler = Load(WatModules.Panic());

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Contains("Scheduler panicked at src/lib.rs:42: no peers given", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Scheduler panicked at src/lib.rs:42: no peers given", ex.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PowAndFmodImports_ComputeLikeLibm()
    {
        using var scheduler = Load(WatModules.Math());

        Assert.True(Schedule(scheduler.Run(Input))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public void Load_UnknownImport_FailsNamingTheImport()
    {
        var ex = Assert.Throws<SchedulerException>(() => Load(WatModules.UnknownImport()));

        Assert.Equal(SchedulerErrorKind.Load, ex.Kind);
        Assert.Contains("unknown import \"wasi_snapshot_preview1\".\"fd_read\"", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(File, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotWasm_FailsNamingTheFile()
    {
        var ex = Assert.Throws<SchedulerException>(() => WasmScheduler.Load(File, "not a module"u8, new WasmLimits()));

        Assert.Equal(SchedulerErrorKind.Load, ex.Kind);
        Assert.StartsWith(File + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingSchedulerExport_FailsNamingTheExport()
    {
        var ex = Assert.Throws<SchedulerException>(() => Load(WatModules.Module("")));

        Assert.Contains("does not export \"scheduler(i32, i32) -> i32\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OffsetOutsideMemory_FailsAsInvalidResult()
    {
        using var scheduler = Load(WatModules.OutsideMemory());

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.InvalidResult, ex.Kind);
        Assert.Contains("outside memory", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"schedule": {"a": 1""", "invalid JSON at returned offset 1024")]
    [InlineData("""hello""", "no JSON object at returned offset 1024")]
    [InlineData("""[{"a": 1}, "log"]""", "pre-0.11 [schedule, log] array")]
    [InlineData("""{"log": "x"}""", "no \"schedule\" field")]
    [InlineData("""{"schedule": 5}""", "\"schedule\" must be a JSON object, got number")]
    [InlineData("""{"schedule": {}, "log": 7}""", "\"log\" must be a string")]
    public void Run_BadResult_FailsWithAClearError(string result, string expected)
    {
        using var scheduler = Load(WatModules.Constant(result));

        var ex = Assert.Throws<SchedulerException>(() => scheduler.Run(Input));

        Assert.Equal(SchedulerErrorKind.InvalidResult, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
