using Verwalter.Scheduling;
using Verwalter.Scheduling.JavaScript;
using Verwalter.Tests.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.JavaScript;

public sealed class JsSchedulerTests
{
    [Fact]
    public void ExportedScheduler_GetsTheInput_AndItsReturnValueIsTheSchedule()
    {
        using var js = JsTestSources.Load("export function scheduler(input) { return { host: input.current_host, now: input.now, n: input.parents.length }; }");

        Assert.Equal("""{"host":"alpha","n":0,"now":1533913910123}""", js.Run().Canonical());
        Assert.Equal("js", js.EngineName);
    }

    [Fact]
    public void ModernSyntax_Works()
    {
        const string Main = """
            class Counter {
              #count = 0;
              static of(n) { const c = new Counter(); for (let i = 0; i < n; i++) c.bump(); return c; }
              bump() { this.#count++; }
              get value() { return this.#count; }
            }
            export function scheduler(input) {
              const { current_host: host, missing } = input;
              const [first, ...rest] = [1, 2, 3];
              const m = new Map([["a", 1]]);
              const s = new Set([1, 1, 2]);
              return {
                opt: input.runtime?.web?.image ?? "none",
                pow: 2 ** 10,
                text: `${host}-${first}`,
                rest: [...rest, ...s],
                map: Object.fromEntries(m),
                priv: Counter.of(3).value,
                spread: { ...{ x: 1 }, y: 2 },
                missing: missing === undefined,
              };
            }
            """;
        using var js = JsTestSources.Load(Main);

        Assert.Equal(
            """{"map":{"a":1},"missing":true,"opt":"none","pow":1024,"priv":3,"rest":[2,3,1,2],"spread":{"x":1,"y":2},"text":"alpha-1"}""",
            js.Run().Canonical());
    }

    [Fact]
    public void RelativeImports_ResolveInsideTheFolder()
    {
        using var js = JsTestSources.Load(
            "import { twice } from './lib/math.js';\nexport function scheduler() { return { v: twice(21) }; }",
            null,
            ("lib/math.js", "import { one } from '../one.mjs';\nexport const twice = (x) => x * 2 * one;"),
            ("one.mjs", "export const one = 1;"));

        Assert.Equal("""{"v":42}""", js.Run().Canonical());
    }

    [Theory]
    [InlineData("../outside.js", "leaves scheduler/v1")]
    [InlineData("fs", "only relative imports")]
    [InlineData("/etc/passwd", "only relative imports")]
    [InlineData("./missing.js", "no such file scheduler/v1/missing.js")]
    public void BadImports_FailNamingSpecifierAndImporter(string specifier, string why)
    {
        var error = Assert.Throws<SchedulerException>(() => JsTestSources.Load(
            "import { x } from './lib.js';\nexport function scheduler() { return { x }; }",
            null,
            ("lib.js", $"import y from '{specifier}';\nexport const x = y;")));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains($"lib.js: cannot import '{specifier}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_WritesTheLog()
    {
        using var js = JsTestSources.Load("export function scheduler() { console.log('a', 1, {b: 2}); console.info('i'); console.warn('w'); console.error('e'); return {}; }");

        Assert.Equal("a 1 {\"b\":2}\ni\nwarn: w\nerror: e\n", js.Run().Log);
    }

    [Theory]
    [InlineData("System")]
    [InlineData("importNamespace")]
    [InlineData("require")]
    [InlineData("setTimeout")]
    [InlineData("setInterval")]
    [InlineData("fetch")]
    [InlineData("process")]
    public void HostAccess_IsNotDefined(string name)
    {
        using var js = JsTestSources.Load($"export function scheduler() {{ return {{ t: typeof {name} }}; }}");

        Assert.Equal("""{"t":"undefined"}""", js.Run().Canonical());
    }

    [Fact]
    public void Deadline_StopsAnEndlessLoop()
    {
        using var js = JsTestSources.Load(
            "export function scheduler(i) { if (i.now > 0) { for (;;) {} } return {}; }",
            new SchedulerLimits { Deadline = TimeSpan.FromMilliseconds(300), InstructionBudget = long.MaxValue });

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Timeout, error.Kind);
        Assert.Contains("deadline of 300 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatementBudget_StopsALongLoop()
    {
        using var js = JsTestSources.Load(
            "export function scheduler(i) { let n = 0; if (i.now > 0) { for (;;) { n++; } } return {}; }",
            new SchedulerLimits { InstructionBudget = 100_000, Deadline = TimeSpan.FromSeconds(30) });

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Timeout, error.Kind);
        Assert.Contains("statement budget of 100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryLimit_StopsAHugeArray()
    {
        using var js = JsTestSources.Load(
            "export function scheduler(i) { const t = []; if (i.now > 0) { for (let k = 0; ; k++) t.push('x'.repeat(4096) + k); } return {}; }",
            new SchedulerLimits { MemoryBytes = 32L << 20, Deadline = TimeSpan.FromSeconds(30) });

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Memory, error.Kind);
        Assert.Contains("memory limit of 33554432 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecursionLimit_StopsDeepRecursion()
    {
        using var js = JsTestSources.Load(
            "const f = (n) => f(n + 1) + 1;\nexport function scheduler(i) { return { v: i.now > 0 ? f(0) : 0 }; }",
            new SchedulerLimits { MaxRecursionDepth = 100 });

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Stack, error.Kind);
        Assert.Contains("deeper than 100 calls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegexTimeout_StopsACatastrophicPattern()
    {
        using var js = JsTestSources.Load(
            "export function scheduler(i) { return { m: /^(a+)+$/.test('a'.repeat(40) + 'b') }; }",
            new SchedulerLimits { RegexTimeout = TimeSpan.FromMilliseconds(100), Deadline = TimeSpan.FromSeconds(30) });

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Timeout, error.Kind);
        Assert.Contains("regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UncaughtException_NamesMessageAndFileLineColumn()
    {
        using var js = JsTestSources.Load(
            "import { check } from './lib/check.js';\nexport function scheduler(i) { console.log('before'); return check(i); }",
            null,
            ("lib/check.js", "export function check(i) {\n  if (i.now > 0) {\n    throw new Error('no peers');\n  }\n}"));

        var error = js.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("no peers", error.Message, StringComparison.Ordinal);
        Assert.Equal("lib/check.js:3:11", error.Location);
        Assert.Contains("lib/check.js:3:11", error.Message, StringComparison.Ordinal);
        Assert.Equal("before\n", error.Log);
    }

    [Fact]
    public void SyntaxError_IsALoadErrorWithLineAndColumn()
    {
        var error = Assert.Throws<SchedulerException>(() => JsTestSources.Load("export function scheduler( {\n return {}; }"));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.StartsWith("main.js:", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSchedulerExport_IsALoadError()
    {
        var error = Assert.Throws<SchedulerException>(() => JsTestSources.Load("export const x = 1;"));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("must export a function 'scheduler'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedResult_IsInvalid()
    {
        using var js = JsTestSources.Load("export function scheduler() { }");

        Assert.Equal(SchedulerErrorKind.InvalidResult, js.RunFails().Kind);
    }

    [Fact]
    public void EveryRun_StartsFresh_AfterAFault()
    {
        using var js = JsTestSources.Load(
            "let runs = 0;\nexport function scheduler(i) { runs++; globalThis.leak = (globalThis.leak ?? 0) + 1; if (i.now === 1) throw new Error('boom'); return { runs, leak: globalThis.leak }; }");

        Assert.Equal("""{"leak":1,"runs":1}""", js.Run().Canonical());
        Assert.Equal(SchedulerErrorKind.Runtime, js.RunFails("""{"now": 1, "parents": []}""").Kind);
        Assert.Equal("""{"leak":1,"runs":1}""", js.Run().Canonical());
    }

    [Fact]
    public void SuccessfulRuns_ShareTheWarmEngine_AndAFaultDropsIt()
    {
        using var js = JsTestSources.Load(
            "let runs = 0;\nexport function scheduler(i) { runs++; console.log(`run ${runs}`); if (i.now === 1) throw new Error('boom'); return { runs, r: Math.random() }; }");

        var first = js.Run();
        var second = js.Run();
        Assert.Equal("run 1\n", first.Log);
        Assert.Equal("run 2\n", second.Log);
        Assert.Contains("\"runs\":2", second.Canonical(), StringComparison.Ordinal);
        Assert.Equal(first.Canonical().Replace("\"runs\":1", "\"runs\":2", StringComparison.Ordinal), second.Canonical());
        Assert.Equal(SchedulerErrorKind.Runtime, js.RunFails("""{"now": 1, "parents": []}""").Kind);
        Assert.Equal(first.Canonical(), js.Run().Canonical());
    }

    [Fact]
    public void WarmEngine_StatementBudgetAndMemory_CountPerRunNotAcrossRuns()
    {
        // Each run uses about 40 % of the budget and allocates a few MB of a 16 MiB limit; ten runs on the one warm engine would break both if the counters added up.
        using var js = JsTestSources.Load(
            "export function scheduler() { let a = []; for (let i = 0; i < 20000; i++) { a.push('x' + i); } return { n: a.length }; }",
            new SchedulerLimits { InstructionBudget = 100_000, MemoryBytes = 16L * 1024 * 1024, Deadline = TimeSpan.FromSeconds(30) });

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("""{"n":20000}""", js.Run().Canonical());
        }
    }

    [Fact]
    public void MathRandom_IsDeterministic()
    {
        using var js = JsTestSources.Load("export function scheduler() { return { r: [Math.random(), Math.random()] }; }");

        Assert.Equal(js.Run().Canonical(), js.Run().Canonical());
    }

    [Fact]
    public void Registry_PicksJsForMainJs_AndTwoEntriesAreAnError()
    {
        var js = JsTestSources.Source(("main.js", "export function scheduler() { return {}; }"));
        var both = JsTestSources.Source(("main.js", "export function scheduler() { return {}; }"), ("main.lua", "return {}"));

        Assert.Equal("js", SchedulerEngines.For(js).Name);
        var error = Assert.Throws<SchedulerException>(() => SchedulerEngines.For(both));
        Assert.Contains("main.lua, main.js", error.Message, StringComparison.Ordinal);
        _ = LuaTestSources.MinimalInput;
    }
}
