using System.Text;
using Verwalter.Configuration;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Configuration;

public sealed class SchedulerSourceLoaderTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingFolder_GivesNoSourceAndANotFoundProblem()
    {
        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Null(result.Source);
        Assert.StartsWith("scheduler/v1/main.lua: not found", Assert.Single(result.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutMain_GivesNoSource()
    {
        _dir.Write("scheduler/v1/lib.lua", "return {}");

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Null(result.Source);
        Assert.StartsWith("scheduler/v1/main.lua: not found", Assert.Single(result.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsEveryLuaFile_Recursively_WithForwardSlashKeys()
    {
        _dir.Write("scheduler/v1/main.lua", "return require('lib/util')")
            .Write("scheduler/v1/lib/util.lua", "return {}")
            .Write("scheduler/v1/lib/deep/x.lua", "return 1")
            .Write("scheduler/v1/README.md", "docs")
            .Write("scheduler/v1/.old.lua", "skipped")
            .Write("scheduler/v1/main.lua~", "skipped")
            .Write("scheduler/v1/attic.bak/a.lua", "skipped")
            .Write("scheduler/v2/main.lua", "other version");

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Empty(result.Problems);
        var source = Assert.IsType<SchedulerSource>(result.Source);
        Assert.Equal(["lib/deep/x.lua", "lib/util.lua", "main.lua"], source.Files.Keys);
        Assert.Equal("return require('lib/util')", Encoding.UTF8.GetString(source.Files["main.lua"]));
        Assert.Equal(Path.GetFullPath(_dir.PathOf("scheduler/v1")), source.Directory);
        Assert.Matches("^[0-9a-f]{64}$", source.Fingerprint);
    }

    [Fact]
    public void Fingerprint_IsStable_AndChangesOnEdit()
    {
        _dir.Write("scheduler/v1/main.lua", "return 1").Write("scheduler/v1/lib/a.lua", "x");
        var first = SchedulerSourceLoader.Load(_dir.Root).Source!.Fingerprint;

        Assert.Equal(first, SchedulerSourceLoader.Load(_dir.Root).Source!.Fingerprint);

        _dir.Write("scheduler/v1/lib/a.lua", "y");
        Assert.NotEqual(first, SchedulerSourceLoader.Load(_dir.Root).Source!.Fingerprint);
    }

    [Fact]
    public void WasmNextToMain_IsTwoEntryFiles_AndGivesNoSource()
    {
        _dir.Write("scheduler/v1/main.lua", "return 1").WriteBytes("scheduler/v1/scheduler.wasm", [0, 0x61, 0x73, 0x6d]);

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Null(result.Source);
        Assert.Equal(
            "scheduler/v1: more than one scheduler entry file: scheduler/v1/main.lua, scheduler/v1/scheduler.wasm; keep exactly one",
            Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void WasmOnly_IsTheSource_WithoutQueryWasm()
    {
        _dir.WriteBytes("scheduler/v1/scheduler.wasm", [0]).WriteBytes("scheduler/v1/query.wasm", [1]);

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Empty(result.Problems);
        Assert.Equal(["scheduler.wasm"], result.Source!.Files.Keys);
    }

    [Fact]
    public void MainJs_ReadsJsAndMjsModules()
    {
        _dir.Write("scheduler/v1/main.js", "export function scheduler() { return {}; }")
            .Write("scheduler/v1/lib/a.mjs", "export const a = 1;")
            .Write("scheduler/v1/lib/b.js", "export const b = 1;");

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Empty(result.Problems);
        Assert.Equal(["lib/a.mjs", "lib/b.js", "main.js"], result.Source!.Files.Keys);
        Assert.Equal("js", SchedulerEngines.For(result.Source).Name);
    }

    [Fact]
    public void TwoEntryFiles_AreAProblemNamingBoth_AndGiveNoSource()
    {
        _dir.Write("scheduler/v1/main.lua", "return {}").Write("scheduler/v1/main.js", "export function scheduler() { return {}; }");

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Null(result.Source);
        Assert.Equal(
            "scheduler/v1: more than one scheduler entry file: scheduler/v1/main.lua, scheduler/v1/main.js; keep exactly one",
            Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void OversizedMain_IsReportedOnce_AndGivesNoSource()
    {
        _dir.MakeDirectory("scheduler/v1");
        using (var stream = File.Create(_dir.PathOf("scheduler/v1/main.lua")))
        {
            stream.SetLength(ConfigDirectoryScanner.MaxFileBytes + 1);
        }

        var result = SchedulerSourceLoader.Load(_dir.Root);

        Assert.Null(result.Source);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("scheduler/v1/main.lua", problem.Path);
        Assert.Contains("16 MiB", problem.Message, StringComparison.Ordinal);
    }
}
