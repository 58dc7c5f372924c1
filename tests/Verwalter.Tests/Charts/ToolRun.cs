using System.Diagnostics;

namespace Verwalter.Tests.Charts;

/// <summary>One run of an external program (the chart renderer, promtool, systemd-analyze), its output captured.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public string Output => (Stdout + Stderr).Trim();

    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Fails with a message naming the Debian package when a tool is missing.</summary>
    public static void Require(string path, string debianPackage) =>
        Assert.True(File.Exists(path), $"{path} is missing: the project's test command (tests/run.sh) installs the Debian package '{debianPackage}'.");
}
