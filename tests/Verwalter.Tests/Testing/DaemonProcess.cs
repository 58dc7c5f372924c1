using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Verwalter.Tests.Testing;

/// <summary>A real <c>verwalter daemon</c> process on a loopback port, killed on dispose.</summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public HttpClient Http { get; }

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

    public bool HasExited => _process.HasExited;

    /// <summary>The daemon's process id (<c>dotnet verwalter.dll</c> runs the daemon in this process).</summary>
    public int Pid => _process.Id;

    /// <summary>The verwalter.dll built next to the test assembly.</summary>
    public static string VerwalterDll => Path.Combine(AppContext.BaseDirectory, "verwalter.dll");

    public static DaemonProcess Start(string configDir, string storageDir, string logDir, params string[] extra) =>
        StartOnPort(FreePort(), configDir, storageDir, logDir, extra);

    /// <summary>As <see cref="Start"/> on a given port (a restart on the port a client already uses).</summary>
    public static DaemonProcess StartOnPort(int port, string configDir, string storageDir, string logDir, params string[] extra) =>
        StartCore(port, null, configDir, storageDir, logDir, extra);

    /// <summary>As <see cref="Start"/>, with extra environment variables (e.g. libfaketime's).</summary>
    public static DaemonProcess StartWith(IReadOnlyDictionary<string, string>? environment, string configDir, string storageDir, string logDir, params string[] extra) =>
        StartCore(FreePort(), environment, configDir, storageDir, logDir, extra);

    /// <summary>Like <see cref="Start"/>, with extra environment variables (options such as <c>Verwalter__Scheduling__Deadline</c>).</summary>
    public static DaemonProcess StartWithEnvironment(string configDir, string storageDir, string logDir, IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        StartCore(FreePort(), environment, configDir, storageDir, logDir, extra);

    private static DaemonProcess StartCore(int port, IReadOnlyDictionary<string, string>? environment, string configDir, string storageDir, string logDir, string[] extra)
    {
        var args = new List<string>
        {
            VerwalterDll, "daemon", "--config-dir", configDir, "--storage-dir", storageDir, "--log-dir", logDir,
            "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--hostname", "alpha", "--override-machine-id", "0123456789abcdef0123456789abcdef",
        };
        args.AddRange(extra);
        return new DaemonProcess(StartDotnet(args, environment: environment), port);
    }

    public static Process StartDotnet(IEnumerable<string> args, bool redirect = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM (the graceful stop) and the exit code; fails when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Supervision.Real.LinuxTestNative.kill(_process.Id, Supervision.Real.LinuxTestNative.SigTerm);
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
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
