using System.Diagnostics;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// <c>verwalter supervisor</c> hands over to the natively compiled <c>verwalter-supervisor</c>
/// (same pid) when <c>VERWALTER_SUPERVISOR_EXE</c> names it, stays managed otherwise, and refuses a
/// variable that names nothing. tests/run.sh publishes the native binary and sets the variable for
/// the whole run, so every real supervisor test exercises it; this class checks the hand-over itself.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class NativeSupervisorTests : IDisposable
{
    private const string Variable = "VERWALTER_SUPERVISOR_EXE";

    private readonly RealTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>The published native supervisor: the variable's path, else where tests/run.sh publishes it.</summary>
    private static string NativeBinary()
    {
        var path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named
            ? named
            : Path.Combine(RepositoryPaths.Root, "api", "Supervisor", "bin", "native", "verwalter-supervisor");
        Assert.True(File.Exists(path), $"the native supervisor is not published at {path}: run tests/run.sh, or "
            + "dotnet publish api/Supervisor -c Release -r linux-x64 -o api/Supervisor/bin/native");
        return Path.GetFullPath(path);
    }

    private static string Executable(int pid) => new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";

    [Fact]
    public async Task Supervisor_WithNativeBinary_ReplacesItselfKeepingThePidAndRunsTheSandboxes()
    {
        var native = NativeBinary();
        _tree.Image("busybox", RealTree.ShellContainer("exec sleep 1000", restartTimeout: 0.2));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml, instances: 2}\n");
        await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string> { [Variable] = native });

        // The status file names the pid we started: the native program runs as that same process.
        var pids = await supervisor.WaitRunningAsync(_tree, "app/web.0", "app/web.1");
        Assert.Equal(native, Executable(supervisor.Pid));

        // It supervises like the managed one: a killed command comes back.
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pids["app/web.0"]) is { } c ? (object)c : null), SupervisorProcess.Timeout, "web.0's command");
        Assert.Equal(0, LinuxTestNative.kill((int)command, LinuxTestNative.SigKill));
        await supervisor.WaitForAsync(_tree, s => s.Instances.Single(i => i.Name == "app/web.0") is { State: "running", Restarts: 1 }, "web.0 restarted");

        Assert.Equal(0, await supervisor.StopAsync());
        Assert.DoesNotContain(pids.Values, ContainerProcesses.Alive);
    }

    [Fact]
    public async Task Supervisor_WithoutNativeBinary_RunsManagedInDotnet()
    {
        _tree.Image("busybox", RealTree.ShellContainer("exec sleep 1000", restartTimeout: 0.2));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string> { [Variable] = "" });

        await supervisor.WaitRunningAsync(_tree, "app/web.0");
        Assert.Equal("dotnet", Path.GetFileName(Executable(supervisor.Pid)));
        Assert.Equal(0, await supervisor.StopAsync());
    }

    /// <summary>
    /// SIGTERM stops everything gracefully even when that takes longer than the 2 s the command-line
    /// library gives a cancelled command: a command that ignores SIGTERM is SIGKILLed at its
    /// kill-timeout (3 s), and only then does the supervisor exit 0, leaving nothing running.
    /// </summary>
    [Theory]
    [InlineData("managed")]
    [InlineData("native")]
    public async Task Supervisor_SigTerm_WaitsOutTheKillTimeoutOfACommandThatIgnoresIt(string mode)
    {
        var native = mode == "native" ? NativeBinary() : "";
        _tree.Image("busybox", RealTree.ShellContainer("trap 'sleep 30' TERM; while true; do sleep 0.1; done", killTimeout: 3));
        _tree.WriteProcesses("stubborn: {image: busybox, config: /config.yaml}\n");
        await using var supervisor = SupervisorProcess.Start(_tree, new Dictionary<string, string> { [Variable] = native });
        var pids = await supervisor.WaitRunningAsync(_tree, "app/stubborn.0");
        var command = await Eventually.WaitAsync(() => Task.FromResult(ContainerProcesses.Command(pids["app/stubborn.0"]) is { } c ? (object)c : null), SupervisorProcess.Timeout, "the command");

        var stopping = Stopwatch.StartNew();
        Assert.Equal(0, await supervisor.StopAsync());
        Assert.True(stopping.Elapsed >= TimeSpan.FromSeconds(2.5), $"exited after {stopping.Elapsed.TotalSeconds:F1} s, before the 3 s kill-timeout");
        Assert.False(ContainerProcesses.Alive((int)command), "the command outlived the supervisor");
        Assert.False(ContainerProcesses.Alive(pids["app/stubborn.0"]), "the sandbox outlived the supervisor");
        Assert.Contains("Supervisor stopped", supervisor.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_VariableNamingNoFile_ExitsWithConfigErrorNamingIt()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { DaemonProcess.VerwalterDll, "supervisor", "--config", _tree.MasterPath })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment[Variable] = "/nonexistent/verwalter-supervisor";
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(SupervisorProcess.Timeout);
        await process.WaitForExitAsync(cts.Token);

        Assert.Equal(3, process.ExitCode);
        Assert.Contains("VERWALTER_SUPERVISOR_EXE=/nonexistent/verwalter-supervisor: no such file", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.StatusPath), "no supervisor ran");
    }

    [Fact]
    public async Task NativeSupervisor_BadArgument_IsAUsageError()
    {
        var info = new ProcessStartInfo(NativeBinary(), ["--bogus"]) { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(SupervisorProcess.Timeout);
        await process.WaitForExitAsync(cts.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unexpected argument '--bogus'", stderr, StringComparison.Ordinal);
    }
}
