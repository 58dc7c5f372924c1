using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Hosting;

/// <summary>
/// The stand-alone supervisor process (lithos_tree), shared by <c>verwalter supervisor</c> and the
/// natively compiled <c>verwalter-supervisor</c>. SIGHUP/SIGQUIT re-read the files; SIGTERM or
/// Ctrl-C stop every process gracefully and exit 0; a SIGKILL leaves the processes running for the
/// next start to adopt.
/// </summary>
internal static class SupervisorHost
{
    /// <summary>Runs until stopped; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string masterPath, CancellationToken cancellationToken)
    {
        MasterConfig master;
        try
        {
            master = MasterConfigLoader.Load(masterPath);
            Directory.CreateDirectory(master.RuntimeDir);
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"verwalter supervisor: {e.Message}");
            return ExitCodes.Config;
        }

        if (PidFile.LiveSupervisor(master) is { } other)
        {
            await Console.Error.WriteLineAsync($"verwalter supervisor: another supervisor (pid {other}) is running on {PidFile.PathOf(master)}");
            return ExitCodes.Config;
        }

        if (BwrapTools.Default.Missing() is { } missing)
        {
            await Console.Error.WriteLineAsync($"verwalter supervisor: {missing} is missing (apt-get install bubblewrap util-linux)");
            return ExitCodes.Config;
        }

        // The empty builder: no appsettings files or their file watchers, only environment variables
        // (Verwalter__Supervisor__*), which keeps the long-lived supervisor small.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Logging.AddVerwalterConsole();
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(10));
        builder.Services.AddVerwalterSupervisor(builder.Configuration, masterPath);
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"verwalter supervisor: invalid options: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Config;
        }

        return ExitCodes.Ok;
    }
}
