using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class SplitTextCommandTests : CommandTestBed
{
    private const string Section = @"^## (\S*)$";
    private const string Validate = @"^[a-z]+$";

    private SplitTextCommand Split(string src, int? mode = null, string validate = Validate) =>
        new(Section, validate, src, PathOf("sites/(*).conf"), mode);

    [Fact]
    public async Task SplitText_WritesSectionsAndRemovesStaleOnes()
    {
        Files["sites"] = Write("rendered/sites", "\n  \n## alpha\nserver a;\n\n## beta\nserver b;\n");
        Write("sites/alpha.conf", "old alpha");
        Write("sites/gone.conf", "stale");
        Write("sites/.hidden.conf", "not matched");
        Write("sites/notes.txt", "not matched");
        await RunAsync(Split("{{ files.sites }}", 0b110_100_100));
        Assert.Equal("server a;\n\n", Read("sites/alpha.conf"));
        Assert.Equal("server b;\n", Read("sites/beta.conf"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, ModeOf("sites/beta.conf"));
        Assert.Equal(
            ["rendered", "rendered/sites", "sites", "sites/.hidden.conf", "sites/alpha.conf", "sites/beta.conf", "sites/notes.txt"],
            AllEntries());
        Assert.Contains($"Removed stale section file {PathOf("sites/gone.conf")}", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitText_InvalidSectionName_FailsBeforeAnythingIsRenamed()
    {
        var src = Write("src", "## alpha\nnew a\n## Bad-Name\nx\n");
        Write("sites/alpha.conf", "old alpha");
        Write("sites/stale.conf", "stale");
        var e = await FailsAsync(Split(src));
        Assert.Contains("invalid section name \"Bad-Name\" on line 3", e.Message, StringComparison.Ordinal);
        Assert.Equal("old alpha", Read("sites/alpha.conf"));
        Assert.Equal(["sites", "sites/alpha.conf", "sites/stale.conf", "src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_TextBeforeFirstSection_Fails()
    {
        var src = Write("src", "\nstray text\n## alpha\na\n");
        var e = await FailsAsync(Split(src));
        Assert.Contains("line 2 of", e.Message, StringComparison.Ordinal);
        Assert.Contains("before the first section", e.Message, StringComparison.Ordinal);
        Assert.Equal(["src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_RepeatedSection_Fails()
    {
        var src = Write("src", "## alpha\na\n## alpha\nb\n");
        Directory.CreateDirectory(PathOf("sites"));
        var e = await FailsAsync(Split(src));
        Assert.Contains("repeats the one on line 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(["sites", "src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_NameThatWouldLeaveTheFolder_Fails()
    {
        var src = Write("src", "## a/b\nx\n");
        Directory.CreateDirectory(PathOf("sites"));
        var e = await FailsAsync(Split(src, validate: "."));
        Assert.Contains("which the destination pattern does not match", e.Message, StringComparison.Ordinal);
        Assert.Equal(["sites", "src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_ValidateIsUnanchoredUnlessAnchored()
    {
        var src = Write("src", "## web-1\nx\n");
        Directory.CreateDirectory(PathOf("sites"));
        await RunAsync(Split(src, validate: "[a-z]"));
        Assert.Equal("x\n", Read("sites/web-1.conf"));
    }

    [Fact]
    public async Task SplitText_TargetFolderIsAFile_FailsNamingItAndWritesNothing()
    {
        var src = Write("src", "## alpha\na\n");
        Write("sites", "a regular file");
        var e = await FailsAsync(Split(src));
        Assert.Contains(PathOf("sites"), e.Message, StringComparison.Ordinal);
        Assert.Equal(["sites", "src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_EmptySource_RemovesAllSectionFiles()
    {
        var src = Write("src", "\n");
        Write("sites/alpha.conf", "a");
        await RunAsync(Split(src));
        Assert.Equal(["sites", "src"], AllEntries());
    }

    [Fact]
    public async Task SplitText_DestWithWildcardOutsideGroup_Fails()
    {
        var src = Write("src", "## a\n");
        var e = await Assert.ThrowsAsync<RenderException>(() => RunAsync(new SplitTextCommand(Section, Validate, src, PathOf("*/(*).conf"), null)));
        Assert.Contains("wildcards only inside its ( ) group", e.Message, StringComparison.Ordinal);
    }
}
