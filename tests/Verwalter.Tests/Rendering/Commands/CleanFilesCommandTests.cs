using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class CleanFilesCommandTests : CommandTestBed
{
    [Fact]
    public async Task CleanFiles_RemovesMatchesNotInKeepList()
    {
        Files["keep"] = Write("rendered/keep", "alpha\ngamma\n beta\n");
        Write("conf/alpha.conf", "a");
        Write("conf/beta.conf", "b");
        Write("conf/gamma.conf", "c");
        Write("conf/.delta.conf", "hidden, not matched");
        Write("conf/readme.txt", "not matched");
        await RunAsync(new CleanFilesCommand(PathOf("conf/(*).conf"), "{{ files.keep }}"));
        Assert.Equal(
            ["conf", "conf/.delta.conf", "conf/alpha.conf", "conf/gamma.conf", "conf/readme.txt", "rendered", "rendered/keep"],
            AllEntries());
        Assert.Contains($"Removed {PathOf("conf/beta.conf")}", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanFiles_CrLfKeepList_LineEndingIsNotPartOfTheName()
    {
        var keep = Write("keep", "alpha\r\nbeta");
        Write("conf/alpha.conf", "a");
        Write("conf/beta.conf", "b");
        Write("conf/gamma.conf", "c");
        await RunAsync(new CleanFilesCommand(PathOf("conf/(*).conf"), keep));
        Assert.Equal(["conf", "conf/alpha.conf", "conf/beta.conf", "keep"], AllEntries());
    }

    [Fact]
    public async Task CleanFiles_DryRun_RemovesNothingAndLogsWhatItWould()
    {
        var keep = Write("keep", "alpha\n");
        Write("conf/alpha.conf", "a");
        Write("conf/beta.conf", "b");
        await RunAsync(Context(dryRun: true), new CleanFilesCommand(PathOf("conf/(*).conf"), keep));
        Assert.Equal(["conf", "conf/alpha.conf", "conf/beta.conf", "keep"], AllEntries());
        Assert.StartsWith("(dry_run) CleanFiles ", Log.Text, StringComparison.Ordinal);
        Assert.Contains($"(dry_run) would remove {PathOf("conf/beta.conf")}\n", Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha.conf", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanFiles_MissingKeepList_FailsAndRemovesNothing()
    {
        Write("conf/alpha.conf", "a");
        var e = await FailsAsync(new CleanFilesCommand(PathOf("conf/(*).conf"), PathOf("nope")));
        Assert.Contains($"can't read keep-list {PathOf("nope")}", e.Message, StringComparison.Ordinal);
        Assert.Equal(["conf", "conf/alpha.conf"], AllEntries());
    }

    [Fact]
    public async Task CleanFiles_PatternWithoutGroup_Fails()
    {
        var keep = Write("keep", "");
        var e = await FailsAsync(new CleanFilesCommand(PathOf("conf/*.conf"), keep));
        Assert.Contains("exactly one ( ) group", e.Message, StringComparison.Ordinal);
    }
}
