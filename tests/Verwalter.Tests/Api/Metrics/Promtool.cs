using System.Diagnostics;

namespace Verwalter.Tests.Api.Metrics;

/// <summary>Runs the real <c>promtool check metrics</c> over an exposition piped to stdin.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static async Task<PromtoolResult> CheckMetricsAsync(string exposition, CancellationToken cancellationToken)
    {
        Assert.True(
            File.Exists(Path),
            $"{Path} is missing. The project's test command installs it (apt-get install -y prometheus); " +
            "run that, or install the Debian package 'prometheus' yourself, before these tests.");

        var startInfo = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("check");
        startInfo.ArgumentList.Add("metrics");

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(exposition.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new PromtoolResult(process.ExitCode, await stdout, await stderr);
    }
}
