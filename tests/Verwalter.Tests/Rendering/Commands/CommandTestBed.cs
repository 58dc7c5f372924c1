using System.Collections.Immutable;
using Verwalter.Rendering;
using Verwalter.Rendering.Commands;

namespace Verwalter.Tests.Rendering.Commands;

/// <summary>A temp folder, a recording log and a way to run a unit of commands against real files and processes.</summary>
public abstract class CommandTestBed : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-cmd-");

    /// <summary>Per-test limit, so a broken kill cannot hang the suite.</summary>
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    internal RecordingRoleLog Log { get; } = new();

    protected string Root => _dir.FullName;

    protected CancellationToken TestToken => _testTimeout.Token;

    protected Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    protected Dictionary<string, string> LogDirs { get; } = new(StringComparer.Ordinal);

    protected string PathOf(string relative) => Path.Combine(Root, relative);

    protected string Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    protected string Read(string relative) => File.ReadAllText(PathOf(relative));

    protected UnixFileMode ModeOf(string relative)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        return File.GetUnixFileMode(PathOf(relative));
    }

    internal CommandContext Context(bool dryRun = false, TimeSpan? timeout = null) =>
        new("web", Files, LogDirs, Log, dryRun, timeout ?? CommandContext.DefaultCommandTimeout);

    internal Task RunAsync(params RenderCommand[] commands) => RunAsync(Context(), commands);

    internal Task RunAsync(CommandContext context, params RenderCommand[] commands) =>
        CommandRunner.RunAsync(new RenderFile("app.render.yaml", ImmutableSortedDictionary<string, string>.Empty, [.. commands]), context, TestToken);

    internal async Task<RenderException> FailsAsync(params RenderCommand[] commands)
    {
        var e = await Assert.ThrowsAsync<RenderException>(() => RunAsync(commands));
        Assert.Equal(RenderFailure.Commands, e.Failure);
        Assert.StartsWith("app.render.yaml: command ", e.Message, StringComparison.Ordinal);
        return e;
    }

    protected IEnumerable<string> AllEntries() =>
        Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal);

    public void Dispose()
    {
        _testTimeout.Dispose();
        _dir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
