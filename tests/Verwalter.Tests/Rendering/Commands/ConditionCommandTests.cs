using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class ConditionCommandTests : CommandTestBed
{
    private ConditionCommand WhenChanged(string marker, params string[] dirs) =>
        new([.. dirs], [new CmdCommand(["touch", PathOf(marker)])]);

    [Fact]
    public async Task Condition_EarlierCopyChangedWatchedFolder_RunsSubCommands()
    {
        var src = Write("src", "new");
        Write("watched/app.conf", "old");
        await RunAsync(
            new CopyCommand(src, PathOf("watched/app.conf"), null),
            WhenChanged("marker", PathOf("unchanged-missing"), PathOf("watched")));
        Assert.True(File.Exists(PathOf("marker")));
        Assert.Contains($"Condition: {PathOf("watched")} changed; running 1 command(s)", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_NothingChanged_SubCommandsSkipped()
    {
        Write("watched/app.conf", "same");
        Write("src", "same");
        await RunAsync(
            new CopyCommand(PathOf("src"), PathOf("elsewhere"), null),
            WhenChanged("marker", PathOf("watched"), PathOf("missing")));
        Assert.False(File.Exists(PathOf("marker")));
        Assert.Contains("Condition: no watched folder changed; skipping 1 command(s)", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_IdenticalRewrite_CountsAsUnchanged()
    {
        var src = Write("src", "same");
        Write("watched/app.conf", "same");
        await RunAsync(new CopyCommand(src, PathOf("watched/app.conf"), null), WhenChanged("marker", PathOf("watched")));
        Assert.False(File.Exists(PathOf("marker")));
    }

    [Fact]
    public async Task Condition_FolderAppeared_Runs()
    {
        await RunAsync(new CmdCommand(["mkdir", PathOf("watched")]), WhenChanged("marker", PathOf("watched")));
        Assert.True(File.Exists(PathOf("marker")));
        Assert.Contains("appeared", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_FolderDisappeared_Runs()
    {
        Write("watched/x", "x");
        await RunAsync(new CmdCommand(["rm", "-r", PathOf("watched")]), WhenChanged("marker", PathOf("watched")));
        Assert.True(File.Exists(PathOf("marker")));
        Assert.Contains("disappeared", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_ChangeInNestedFileOrSymlink_Detected()
    {
        Write("watched/a/b/c.txt", "1");
        File.CreateSymbolicLink(PathOf("watched/link"), "/one");
        await RunAsync(
            new ShCommand($"ln -sfn /two {PathOf("watched/link")}"),
            WhenChanged("marker", PathOf("watched")));
        Assert.True(File.Exists(PathOf("marker")));
    }

    [Fact]
    public async Task Condition_PathsAreNotExpanded()
    {
        Directory.CreateDirectory(PathOf("web"));
        await RunAsync(new CmdCommand(["touch", PathOf("web/new")]), WhenChanged("marker", PathOf("{{ role }}")));
        Assert.False(File.Exists(PathOf("marker")));
    }

    [Fact]
    public async Task Condition_FailingSubCommand_NumberedUnderTheCondition()
    {
        var e = await FailsAsync(new CmdCommand(["mkdir", PathOf("watched")]), new ConditionCommand([PathOf("watched")], [new ShCommand("true"), new ShCommand("exit 4")]));
        Assert.StartsWith("app.render.yaml: command 2.2 (Sh \"exit 4\") exited with code 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Condition_Nested_Fails()
    {
        var e = await Assert.ThrowsAsync<RenderException>(() => RunAsync(
            new CmdCommand(["mkdir", PathOf("watched")]),
            new ConditionCommand([PathOf("watched")], [new ConditionCommand([PathOf("watched")], [])])));
        Assert.Contains("command 2.1: !Condition is allowed only at the top level", e.Message, StringComparison.Ordinal);
    }
}
