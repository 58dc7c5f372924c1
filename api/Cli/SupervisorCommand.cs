using System.CommandLine;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Console;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter supervisor</c>: the process supervisor as its own long-lived process (lithos_tree).
/// SIGHUP/SIGQUIT re-read the files; SIGTERM or Ctrl-C stop every process gracefully and exit 0;
/// a SIGKILL leaves the processes running for the next start to adopt.
/// </summary>
internal static class SupervisorCommand
{
    public static Option<string> MasterOption() => new("--config", "-C")
    {
        Description = "The lithos master.yaml (sandboxes/ and processes/ are found from it).",
        DefaultValueFactory = _ => SupervisorOptions.DefaultMasterPath,
    };

    public static Command Create()
    {
        var config = MasterOption();
        var command = new Command("supervisor", "Run the process supervisor: keep the instances the lithos files ask for running in bubblewrap sandboxes.") { config };
        command.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(config)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string masterPath, CancellationToken cancellationToken)
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
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
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
