using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class PeekLogCommandTests : CommandTestBed
{
    [Fact]
    public async Task PeekLog_ExistingFile_LogsSizeAndIndexesIt()
    {
        LogDirs["nginx"] = PathOf("logs/nginx");
        Write("logs/nginx/web/access.log", "0123456789");
        await RunAsync(new PeekLogCommand("nginx/{{ role }}/access.log"));
        Assert.Equal([("nginx/web/access.log", 10L)], Log.External);
        Assert.Contains($"{PathOf("logs/nginx/web/access.log")} is 10 bytes", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeekLog_MissingFile_SizeZero()
    {
        LogDirs["nginx"] = PathOf("logs/nginx");
        await RunAsync(new PeekLogCommand("nginx/error.log"));
        Assert.Equal([("nginx/error.log", 0L)], Log.External);
    }

    [Theory]
    [InlineData("/var/log/nginx/error.log", "absolute paths are refused")]
    [InlineData("other/error.log", "no log dir \"other\"")]
    [InlineData("nginx", "expected <log dir name>/<path>")]
    [InlineData("nginx/../../etc/passwd", "it leaves the log dir")]
    public async Task PeekLog_RefusedPath_WarnsAndSucceeds(string path, string warning)
    {
        LogDirs["nginx"] = PathOf("logs/nginx");
        await RunAsync(new PeekLogCommand(path), new ShCommand("echo after"));
        Assert.Empty(Log.External);
        Assert.Contains("PeekLog warning: ", Log.Text, StringComparison.Ordinal);
        Assert.Contains(warning, Log.Text, StringComparison.Ordinal);
        Assert.Contains("\nafter\n", Log.Text, StringComparison.Ordinal);
    }
}
