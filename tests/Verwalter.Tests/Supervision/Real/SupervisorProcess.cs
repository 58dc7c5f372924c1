using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Verwalter.Supervision.Runtime;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision.Real;

/// <summary>
/// A real <c>verwalter supervisor --config …</c> child process, with fast crash-loop settings
/// through <c>Verwalter__Supervisor__*</c> variables. Reads the status file it writes.
/// </summary>
public sealed class SupervisorProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SupervisorProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SupervisorProcess Start(RealTree tree, IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { DaemonProcess.VerwalterDll, "supervisor", "--config", tree.MasterPath })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Verwalter__Supervisor__StatusInterval"] = "00:00:00.050";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new SupervisorProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>The status file, when it was written by this supervisor.</summary>
    internal SupervisorStatus? Status(RealTree tree)
    {
        try
        {
            var status = JsonSerializer.Deserialize(File.ReadAllBytes(tree.StatusPath), SupervisorJsonContext.Default.SupervisorStatus);
            return status?.SupervisorPid == Pid ? status : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Waits until the status satisfies <paramref name="condition"/>; fails with the supervisor's output.</summary>
    internal async Task<SupervisorStatus> WaitForAsync(RealTree tree, Func<SupervisorStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await Eventually.WaitAsync(
                () => Task.FromResult(Status(tree) is { } s && condition(s) ? s : null),
                timeout ?? Timeout,
                what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nlast status: {File.ReadAllText(tree.StatusPath)}\nsupervisor output:\n{Output}", e);
        }
    }

    /// <summary>Waits until every named instance is running; returns their pids.</summary>
    internal async Task<Dictionary<string, int>> WaitRunningAsync(RealTree tree, params string[] names)
    {
        var status = await WaitForAsync(tree, s => names.All(n => s.Instances.Any(i => i.Name == n && i.State == "running" && i.Pid is not null))
            && s.Instances.Count == names.Length, $"exactly {string.Join(", ", names)} running");
        return status.Instances.ToDictionary(i => i.Name, i => i.Pid!.Value);
    }

    public void SigKill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM (graceful stop of everything) and wait for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = LinuxTestNative.kill(_process.Id, LinuxTestNative.SigTerm);
        }

        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
