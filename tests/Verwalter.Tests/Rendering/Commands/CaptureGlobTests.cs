using Verwalter.Rendering.Commands;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class CaptureGlobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-glob-");

    [Theory]
    [InlineData("/etc/x/(*).conf", "/etc/x/web.conf", "web")]
    [InlineData("/etc/x/(*).conf", "/etc/x/a/web.conf", null)]
    [InlineData("/etc/x/(*).conf", "/etc/x/web.conf.bak", null)]
    [InlineData("/etc/x/(*)", "/etc/x/a", "a")]
    [InlineData("/etc/x/(*)/app.yaml", "/etc/x/a/app.yaml", "a")]
    [InlineData("/etc/x/(*)/app.yaml", "/etc/x/a/b/app.yaml", null)]
    [InlineData("/etc/x/(a?c).conf", "/etc/x/abc.conf", "abc")]
    [InlineData("/etc/x/(a?c).conf", "/etc/x/a/c.conf", null)]
    [InlineData("/etc/x/([ab]*).conf", "/etc/x/bob.conf", "bob")]
    [InlineData("/etc/x/([!ab]*).conf", "/etc/x/bob.conf", null)]
    public void Match_StarAndQuestionMark_NeverCrossSlash(string pattern, string path, string? expected) =>
        Assert.Equal(expected, CaptureGlob.Parse(pattern).Match(path));

    [Theory]
    [InlineData("/srv/(**)/app.yaml", "/srv/a/app.yaml", "a")]
    [InlineData("/srv/(**)/app.yaml", "/srv/a/b/c/app.yaml", "a/b/c")]
    [InlineData("/srv/(**)/app.yaml", "/srv/app.yaml", null)]
    [InlineData("/srv/**/(*).yaml", "/srv/app.yaml", "app")]
    [InlineData("/srv/**/(*).yaml", "/srv/a/b/app.yaml", "app")]
    [InlineData("/srv/(**/*).yaml", "/srv/a/b/app.yaml", "a/b/app")]
    [InlineData("/srv/**/(*).yaml", "/srv/.git/app.yaml", null)]
    public void Match_DoubleStar_SpansFolders(string pattern, string path, string? expected) =>
        Assert.Equal(expected, CaptureGlob.Parse(pattern).Match(path));

    [Theory]
    [InlineData("/etc/x/(*)", "/etc/x/.hidden", null)]
    [InlineData("/etc/x/(*).conf", "/etc/x/.hidden.conf", null)]
    [InlineData("/etc/x/(?*)", "/etc/x/.h", null)]
    [InlineData("/etc/x/([.a]*)", "/etc/x/.h", null)]
    [InlineData("/etc/x/.(*)", "/etc/x/.hidden", "hidden")]
    [InlineData("/etc/x/(.*)", "/etc/x/.hidden", ".hidden")]
    [InlineData("/etc/x/(*.conf)", "/etc/x/a.b.conf", "a.b.conf")]
    public void Match_LeadingDot_NeedsLiteralDot(string pattern, string path, string? expected) =>
        Assert.Equal(expected, CaptureGlob.Parse(pattern).Match(path));

    [Fact]
    public void Match_IsCaseSensitive()
    {
        var glob = CaptureGlob.Parse("/etc/x/(*).conf");
        Assert.Null(glob.Match("/etc/x/web.CONF"));
        Assert.Null(glob.Match("/ETC/x/web.conf"));
    }

    [Theory]
    [InlineData("/etc/x/*.conf", "exactly one ( ) group")]
    [InlineData("/etc/(*)/(*).conf", "exactly one ( ) group")]
    [InlineData("/etc/x/)*(.conf", "exactly one ( ) group")]
    [InlineData("/etc/x/(a**).conf", "** must be a whole path component")]
    [InlineData("/etc/x/(**.conf)", "** must be a whole path component")]
    [InlineData("/etc/x/([ab).conf", "unclosed [")]
    public void Parse_InvalidPattern_ClearError(string pattern, string message)
    {
        var e = Assert.Throws<FormatException>(() => CaptureGlob.Parse(pattern));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains(pattern, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_LiteralOutsideGroup_GivesPath()
    {
        var glob = CaptureGlob.Parse("/etc/nginx/sites/(*).conf");
        Assert.True(glob.CanReplace);
        Assert.Equal("/etc/nginx/sites/web.conf", glob.Replace("web"));
        Assert.Equal("/etc/nginx/sites", glob.BaseFolder);
    }

    [Fact]
    public void Replace_WildcardOutsideGroup_Throws()
    {
        var glob = CaptureGlob.Parse("/etc/*/(*).conf");
        Assert.False(glob.CanReplace);
        Assert.Throws<InvalidOperationException>(() => glob.Replace("web"));
        Assert.Equal("/etc", glob.BaseFolder);
    }

    [Fact]
    public void EnumerateMatches_ExistingFilesOnly_SortedWithCaptures()
    {
        Touch("a.conf", "b.conf", ".c.conf", "d.txt", "sub/e.conf", "dir.conf/f");
        var glob = CaptureGlob.Parse(Path.Combine(_dir.FullName, "(*).conf"));
        Assert.Equal(
            [(Path.Combine(_dir.FullName, "a.conf"), "a"), (Path.Combine(_dir.FullName, "b.conf"), "b")],
            glob.EnumerateMatches());
    }

    [Fact]
    public void EnumerateMatches_DoubleStar_FindsNestedButNotHidden()
    {
        Touch("a/app.yaml", "a/b/app.yaml", "app.yaml", ".git/app.yaml", "a/.x/app.yaml");
        var glob = CaptureGlob.Parse(Path.Combine(_dir.FullName, "(**)/app.yaml"));
        Assert.Equal(["a", "a/b"], glob.EnumerateMatches().Select(m => m.Name));
    }

    [Fact]
    public void EnumerateMatches_MissingBaseFolder_Empty() =>
        Assert.Empty(CaptureGlob.Parse(Path.Combine(_dir.FullName, "nope", "(*).conf")).EnumerateMatches());

    private void Touch(params string[] relative)
    {
        foreach (var r in relative)
        {
            var path = Path.Combine(_dir.FullName, r);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, r);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
