using System.Diagnostics;
using Verwalter.Rendering;
using Verwalter.Rendering.Commands;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class ProcessCommandTests : CommandTestBed
{
    [Fact]
    public async Task Cmd_ArgsExpanded_OutputInLogBetweenDescriptionAndExit()
    {
        Files["processes"] = "/tmp/rendered/processes";
        await RunAsync(new CmdCommand(["echo", "role={{ role }}", "{{ files.processes }}"]));
        var lines = Log.Lines.ToList();
        Assert.Equal("""Cmd ["echo", "role=web", "/tmp/rendered/processes"]""", lines[0]);
        Assert.Equal("role=web /tmp/rendered/processes", lines[1]);
        Assert.Equal("Command exited with code 0", lines[2]);
    }

    [Fact]
    public async Task Cmd_Argv0_NotExpanded()
    {
        var e = await FailsAsync(new CmdCommand(["{{ role }}", "{{ role }}"]));
        Assert.Contains("""Cmd ["{{ role }}", "web"]""", e.Message, StringComparison.Ordinal);
        Assert.Contains("failed to start", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sh_ScriptExpanded_StdoutAndTraceInLog()
    {
        await RunAsync(new ShCommand("echo hello-{{ role }}; echo second"));
        Assert.Contains("Sh \"echo hello-web; echo second\"\n", Log.Text, StringComparison.Ordinal);
        Assert.Contains("hello-web\n", Log.Text, StringComparison.Ordinal);
        Assert.Contains("+ echo hello-web", Log.Text, StringComparison.Ordinal);
        Assert.EndsWith("Command exited with code 0\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NonZeroExit_FailsWithCodeAndLaterCommandsDoNotRun()
    {
        var marker = PathOf("marker");
        var e = await FailsAsync(
            new ShCommand("true"),
            new ShCommand("echo failing; exit 3"),
            new CmdCommand(["touch", marker]));
        Assert.Equal("app.render.yaml: command 2 (Sh \"echo failing; exit 3\") exited with code 3", e.Message);
        Assert.False(File.Exists(marker));
        Assert.Contains("Command exited with code 3", Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("touch", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StderrOnly_LoggedAndNotAFailure()
    {
        await RunAsync(new CmdCommand(["sh", "-c", "echo warning-text >&2"]));
        Assert.Contains("warning-text\n", Log.Text, StringComparison.Ordinal);
        Assert.EndsWith("Command exited with code 0\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutputWithoutTrailingNewline_ExitLineOnItsOwnLine()
    {
        await RunAsync(new CmdCommand(["printf", "no-newline"]));
        Assert.Contains("no-newline\nCommand exited with code 0\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HangingCommand_KilledAtTimeoutWithItsChildren()
    {
        var pidFile = PathOf("pid");
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RenderException>(() => RunAsync(
            Context(timeout: TimeSpan.FromMilliseconds(300)),
            new ShCommand($"sleep 30 & echo $! > {pidFile}; wait")));
        clock.Stop();
        Assert.Contains("timed out after 0.3 s and was killed", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid), $"background child {pid} survived");
    }

    [Fact]
    public async Task Run_BackgroundChildHoldsOutputOpen_FinishesAfterGraceWithNote()
    {
        var clock = Stopwatch.StartNew();
        await RunAsync(new ShCommand("sleep 4 & echo parent-done"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Contains("parent-done\n", Log.Text, StringComparison.Ordinal);
        Assert.Contains("a background process still holds the command's output open", Log.Text, StringComparison.Ordinal);
        Assert.EndsWith("Command exited with code 0\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Cancelled_KillsChildAndThrowsCancellation()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        var started = Log.WhenWritten("started");
        var run = CommandRunner.RunAsync(
            new RenderFile("app.render.yaml", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, [new ShCommand("echo started; sleep 30")]),
            Context(),
            cts.Token);
        await started.WaitAsync(TestToken);
        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Run_WorkingDirectoryIsRoot()
    {
        await RunAsync(new CmdCommand(["pwd"]));
        Assert.Contains("\n/\n", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootCommand_AsRoot_RunsArgv0UnexpandedWithoutSudo()
    {
        if (!Posix.IsRoot)
        {
            return; // The sudo path is covered by ProcessArgvTests; running it needs a sudoers entry.
        }

        await RunAsync(new RootCommand(["echo", "{{ role }}"]));
        Assert.StartsWith("""RootCommand ["echo", "web"]""", Log.Text, StringComparison.Ordinal);
        Assert.Contains("\nweb\n", Log.Text, StringComparison.Ordinal);
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // A zombie waiting for init to reap it no longer runs.
        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
    }
}
