using Verwalter.Rendering.Logs;

namespace Verwalter.Tests.Rendering.Logs;

public sealed class LogFileResolverTests : IDisposable
{
    private readonly TempLogDir _dir = new();
    private readonly TempLogDir _external = new();
    private readonly TempLogDir _outside = new();
    private readonly LogDirectories _dirs;

    public LogFileResolverTests()
    {
        _dirs = new LogDirectories(_dir.Root, new Dictionary<string, string> { ["nginx"] = _external.Root });
        Write(_dir, ".index/index.20260314.json", "[]\n");
        File.CreateSymbolicLink(_dir.PathOf(".index/latest"), "index.20260314.json");
        Write(_dir, ".global/log.20260314120000.txt", "global\n");
        Write(_dir, ".changes/log.20260314120000.txt", "changes\n");
        Write(_dir, "web/log.20260314120000.txt", "web\n");
        File.CreateSymbolicLink(_dir.PathOf("web/latest"), "log.20260314120000.txt");
        Write(_external, "access.log", "GET /\n");
        Write(_outside, "secret.txt", "secret\n");
    }

    [Theory]
    [InlineData(nameof(LogFileArea.Index), null, "latest", ".index/index.20260314.json")]
    [InlineData(nameof(LogFileArea.Index), null, "index.20260314.json", ".index/index.20260314.json")]
    [InlineData(nameof(LogFileArea.Global), null, "log.20260314120000.txt", ".global/log.20260314120000.txt")]
    [InlineData(nameof(LogFileArea.Changes), null, "log.20260314120000.txt", ".changes/log.20260314120000.txt")]
    [InlineData(nameof(LogFileArea.Role), null, "web/latest", "web/log.20260314120000.txt")]
    [InlineData(nameof(LogFileArea.Role), null, ".global/log.20260314120000.txt", ".global/log.20260314120000.txt")]
    public void Resolve_PlainPathInsideFolder_FoundAtRealPath(string area, string? name, string path, string expected)
    {
        var result = LogFileResolver.Resolve(_dirs, Enum.Parse<LogFileArea>(area), name, path);

        Assert.Equal(LogFileStatus.Found, result.Status);
        Assert.Equal(Path.Join(RealPath.Resolve(_dir.Root), expected), result.FullPath);
    }

    [Fact]
    public void Resolve_KnownExternalName_FoundInItsFolder()
    {
        var result = LogFileResolver.Resolve(_dirs, LogFileArea.External, "nginx", "access.log");

        Assert.Equal(LogFileStatus.Found, result.Status);
        Assert.Equal(Path.Join(RealPath.Resolve(_external.Root), "access.log"), result.FullPath);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("..")]
    [InlineData("")]
    public void Resolve_UnknownExternalName_Forbidden(string name)
    {
        Assert.Equal(LogFileStatus.Forbidden, LogFileResolver.Resolve(_dirs, LogFileArea.External, name, "access.log").Status);
    }

    [Theory]
    [InlineData(nameof(LogFileArea.Role), "../outside")]
    [InlineData(nameof(LogFileArea.Role), "web/../web/latest")]
    [InlineData(nameof(LogFileArea.Role), "./web/latest")]
    [InlineData(nameof(LogFileArea.Role), "/etc/passwd")]
    [InlineData(nameof(LogFileArea.Role), "web//latest")]
    [InlineData(nameof(LogFileArea.Role), "web/")]
    [InlineData(nameof(LogFileArea.Role), "")]
    [InlineData(nameof(LogFileArea.Role), null)]
    [InlineData(nameof(LogFileArea.Role), "web\\latest")]
    [InlineData(nameof(LogFileArea.Role), "web/latest\0")]
    [InlineData(nameof(LogFileArea.Index), "..")]
    [InlineData(nameof(LogFileArea.Global), "../.index/latest")]
    [InlineData(nameof(LogFileArea.External), "../secret.txt")]
    public void Resolve_PartNotAPlainName_NotFound(string area, string? path)
    {
        Assert.Equal(LogFileStatus.NotFound, LogFileResolver.Resolve(_dirs, Enum.Parse<LogFileArea>(area), "nginx", path).Status);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("web/missing")]
    [InlineData("missing/latest")]
    public void Resolve_DirectoryOrMissingFile_NotFound(string path)
    {
        Assert.Equal(LogFileStatus.NotFound, LogFileResolver.Resolve(_dirs, LogFileArea.Role, null, path).Status);
    }

    [Fact]
    public void Resolve_FileSymlinkEscapingFolder_Forbidden()
    {
        File.CreateSymbolicLink(_dir.PathOf("web/escape"), _outside.PathOf("secret.txt"));

        Assert.Equal(LogFileStatus.Forbidden, LogFileResolver.Resolve(_dirs, LogFileArea.Role, null, "web/escape").Status);
    }

    [Fact]
    public void Resolve_DirectorySymlinkEscapingFolder_Forbidden()
    {
        Directory.CreateSymbolicLink(_dir.PathOf("web/out"), _outside.Root);

        Assert.Equal(LogFileStatus.Forbidden, LogFileResolver.Resolve(_dirs, LogFileArea.Role, null, "web/out/secret.txt").Status);
    }

    [Fact]
    public void Resolve_SymlinkFromGlobalIntoRoleFolder_ForbiddenForGlobalRoute()
    {
        File.CreateSymbolicLink(_dir.PathOf(".global/latest"), "../web/log.20260314120000.txt");

        Assert.Equal(LogFileStatus.Forbidden, LogFileResolver.Resolve(_dirs, LogFileArea.Global, null, "latest").Status);
        Assert.Equal(LogFileStatus.Found, LogFileResolver.Resolve(_dirs, LogFileArea.Role, null, ".global/latest").Status);
    }

    [Fact]
    public void Resolve_BaseFolderItselfASymlink_FollowsIt()
    {
        var linked = Path.Join(_outside.Root, "logs-link");
        Directory.CreateSymbolicLink(linked, _dir.Root);
        var dirs = _dirs with { LogDir = linked };

        Assert.Equal(LogFileStatus.Found, LogFileResolver.Resolve(dirs, LogFileArea.Role, null, "web/latest").Status);
    }

    private static void Write(TempLogDir dir, string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dir.PathOf(relative))!);
        File.WriteAllText(dir.PathOf(relative), text);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _external.Dispose();
        _outside.Dispose();
    }
}
