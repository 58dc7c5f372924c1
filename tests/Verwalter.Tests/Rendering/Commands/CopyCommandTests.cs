using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class CopyCommandTests : CommandTestBed
{
    [Fact]
    public async Task Copy_RenderedFile_ReplacesDestWithModeAndNoTempLeft()
    {
        Files["cfg"] = Write("rendered/cfg", "new content\n");
        Write("etc/app.conf", "old content\n");
        await RunAsync(new CopyCommand("{{ files.cfg }}", PathOf("etc/app.conf"), 0b110_100_000));
        Assert.Equal("new content\n", Read("etc/app.conf"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, ModeOf("etc/app.conf"));
        Assert.Equal(["etc", "etc/app.conf", "rendered", "rendered/cfg"], AllEntries());
        Assert.StartsWith($"Copy \"{Files["cfg"]}\" -> \"{PathOf("etc/app.conf")}\" (mode 0640)\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_NewDestWithoutMode_Created()
    {
        var src = Write("src", "x");
        Directory.CreateDirectory(PathOf("etc"));
        await RunAsync(new CopyCommand(src, PathOf("etc/new.conf"), null));
        Assert.Equal("x", Read("etc/new.conf"));
    }

    [Fact]
    public async Task Copy_MissingDestFolder_FailsNamingItAndLeavesNothing()
    {
        var src = Write("src", "x");
        var e = await FailsAsync(new CopyCommand(src, PathOf("missing/app.conf"), null));
        Assert.Contains($"destination folder {PathOf("missing")} does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(["src"], AllEntries());
    }

    [Fact]
    public async Task Copy_DestParentIsRegularFile_FailsNamingPath()
    {
        var src = Write("src", "x");
        Write("blocker", "not a folder");
        var e = await FailsAsync(new CopyCommand(src, PathOf("blocker/app.conf"), null));
        Assert.Contains(PathOf("blocker"), e.Message, StringComparison.Ordinal);
        Assert.Equal(["blocker", "src"], AllEntries());
    }

    [Fact]
    public async Task Copy_MissingSource_OldDestUntouched()
    {
        Write("etc/app.conf", "old");
        var e = await FailsAsync(new CopyCommand("{{ files.nope }}", PathOf("etc/app.conf"), null));
        Assert.Contains("source file /<< unknown variable: files.nope >> does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal("old", Read("etc/app.conf"));
        Assert.Equal(["etc", "etc/app.conf"], AllEntries());
    }

    [Fact]
    public async Task Copy_DestIsFolder_Fails()
    {
        var src = Write("src", "x");
        Directory.CreateDirectory(PathOf("etc"));
        var e = await FailsAsync(new CopyCommand(src, PathOf("etc"), null));
        Assert.Contains("is a folder; it must name a file", e.Message, StringComparison.Ordinal);
        var slash = await FailsAsync(new CopyCommand(src, PathOf("etc") + "/", null));
        Assert.Contains("must name a file", slash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_BadMode_Fails()
    {
        var src = Write("src", "x");
        var e = await FailsAsync(new CopyCommand(src, PathOf("dest"), 0b1_000_000_000_000));
        Assert.Contains("outside 0..07777", e.Message, StringComparison.Ordinal);
        Assert.Equal(["src"], AllEntries());
    }
}
