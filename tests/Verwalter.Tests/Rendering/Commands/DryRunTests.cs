using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class DryRunTests : CommandTestBed
{
    [Fact]
    public async Task DryRun_EveryCommandOnlyDescribed_NothingRunsOrIsWritten()
    {
        Files["cfg"] = Write("rendered/cfg", "## alpha\na\n");
        Write("watched/x", "x");
        LogDirs["app"] = PathOf("logs");
        var before = AllEntries().ToList();
        await RunAsync(
            Context(dryRun: true),
            new CmdCommand(["touch", PathOf("cmd-marker")]),
            new ShCommand($"touch {PathOf("sh-marker")}"),
            new RootCommand(["touch", PathOf("root-marker")]),
            new CopyCommand("{{ files.cfg }}", PathOf("watched/copy"), null),
            new SplitTextCommand("^## (.*)$", ".", "{{ files.cfg }}", PathOf("watched/(*).conf"), null),
            new PeekLogCommand("app/x.log"),
            new ConditionCommand([PathOf("watched")], [new CmdCommand(["touch", PathOf("cond-marker")])]),
            new ShCommand("exit 1"));
        Assert.Equal(before, AllEntries());
        Assert.Empty(Log.External);
        var lines = Log.Lines.Where(l => l.Length > 0).ToList();
        Assert.All(lines, l => Assert.StartsWith("(dry_run) ", l, StringComparison.Ordinal));
        Assert.Equal(9, lines.Count);
        Assert.Contains($"(dry_run) Cmd [\"touch\", \"{PathOf("cond-marker")}\"]", lines);
    }
}
