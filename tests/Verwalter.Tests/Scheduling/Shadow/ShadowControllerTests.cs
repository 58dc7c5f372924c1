using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Shadow;
using Verwalter.Tests.Scheduling.Lua;
using Verwalter.Tests.Scheduling.Wasm;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Scheduling.Shadow;

public sealed class ShadowControllerTests : IDisposable
{
    private static readonly byte[] Input = """{"now":1,"current_host":"alpha","current_id":"0123456789abcdef0123456789abcdef","parents":[],"actions":{},"runtime":{},"peers":{},"metrics":{}}"""u8.ToArray();

    private readonly DirectoryInfo _tree = Directory.CreateTempSubdirectory("verwalter-shadow-unit-");
    private readonly SnapshotPublisher<ShadowState> _state = new();
    private readonly Schedule _main = Schedule.Create(1, "0123456789abcdef0123456789abcdef", 3, """{"tag":"main"}"""u8.ToArray());

    private ShadowController Controller() => new(
        Options.Create(new ConfigOptions { ConfigDir = _tree.FullName }),
        Options.Create(new SchedulingOptions()),
        new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"),
        new SingleNodeLeadership(),
        new SnapshotPublisher<ScheduleState>(),
        _state,
        new FakeRunWatchdog(),
        new ManualTimeProvider(),
        NullLogger<ShadowController>.Instance);

    [Fact]
    public void RunAll_LuaAndWasmShadows_PublishTheirSchedulesWithDiffsAgainstMain()
    {
        Write("next/main.lua", """return { scheduler = function(input) print("next ran"); return { tag = "next", host = input.current_host } end }""");
        Write("echo/scheduler.wasm", WatModules.Compile(WatModules.Constant("""{"schedule":{"tag":"main"},"log":"same"}""")));

        var state = Controller().RunAll(_main, Input);

        var next = state.Shadows["next"];
        Assert.Null(next.Error);
        Assert.Equal("lua", next.Engine);
        Assert.Equal(3, next.Schedule!.Epoch);
        Assert.Equal(_main.Hash, next.MainHash);
        Assert.Contains("~ tag: \"main\" → \"next\"", next.Diff);
        Assert.Contains(next.Diff, d => d.StartsWith("+ host", StringComparison.Ordinal));
        Assert.Equal("next ran\n", next.Log);
        var echo = state.Shadows["echo"];
        Assert.Equal("wasm", echo.Engine);
        Assert.Empty(echo.Diff);
        Assert.Equal(_main.Hash, echo.Schedule!.Hash);
        Assert.Same(state, _state.Current!.Value);
    }

    [Fact]
    public void RunAll_JavaScriptShadowBesideLuaMain_RunsWithImportsAndReportsItsOwnFault()
    {
        Write("js/main.js", """
            import { tagOf } from './lib/tag.js';
            export function scheduler(input) {
              console.log(`js shadow on ${input.current_host}`);
              return { tag: tagOf(input), peers: Object.keys(input.peers).length };
            }
            """);
        Write("js/lib/tag.js", "export const tagOf = (input) => input.parents.length === 0 ? 'main' : 'other';");
        Write("same/main.js", "export function scheduler(input) { return { tag: 'main' }; }");
        Write("throws/main.js", "export function scheduler(input) {\n  throw new Error('no peers');\n}");

        var state = Controller().RunAll(_main, Input);

        var js = state.Shadows["js"];
        Assert.Null(js.Error);
        Assert.Equal("js", js.Engine);
        Assert.Equal("js shadow on alpha\n", js.Log);
        Assert.Equal(["+ peers: 0"], js.Diff);
        Assert.NotEqual(_main.Hash, js.Schedule!.Hash);
        var same = state.Shadows["same"];
        Assert.Empty(same.Diff);
        Assert.Equal(_main.Hash, same.Schedule!.Hash);
        var throws = state.Shadows["throws"];
        Assert.Equal("js", throws.Engine);
        Assert.Null(throws.Schedule);
        Assert.Contains("main.js:2:", throws.Error, StringComparison.Ordinal);
        Assert.Contains("no peers", throws.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAll_BrokenShadows_FailOnTheirOwnAndOthersStillRun()
    {
        Write("good/main.lua", """return { scheduler = function(input) return { tag = "good" } end }""");
        Write("empty/readme.txt", "nothing to run");
        Write("two/main.lua", """return { scheduler = function(input) return {} end }""");
        Write("two/scheduler.wasm", WatModules.Compile(WatModules.Trap()));
        Write("trap/scheduler.wasm", WatModules.Compile(WatModules.Trap()));

        var state = Controller().RunAll(_main, Input);

        Assert.Null(state.Shadows["good"].Error);
        Assert.Contains("scheduler/shadow/empty: no scheduler entry file", state.Shadows["empty"].Error, StringComparison.Ordinal);
        Assert.Contains("more than one scheduler entry file", state.Shadows["two"].Error, StringComparison.Ordinal);
        Assert.Contains("scheduler/shadow/trap/scheduler.wasm: scheduler:", state.Shadows["trap"].Error, StringComparison.Ordinal);
        Assert.Null(state.Shadows["trap"].Schedule);
    }

    [Fact]
    public void RunAll_ShadowEdited_ReloadsItsEngine()
    {
        Write("next/main.lua", """return { scheduler = function(input) return { v = 1 } end }""");
        var controller = Controller();
        Assert.Contains("+ v: 1", controller.RunAll(_main, Input).Shadows["next"].Diff);

        Write("next/main.lua", """return { scheduler = function(input) return { v = 2 } end }""");

        Assert.Contains("+ v: 2", controller.RunAll(_main, Input).Shadows["next"].Diff);
    }

    private void Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_tree.FullName, "scheduler", "shadow", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => _tree.Delete(recursive: true);
}
