using System.CommandLine;

namespace Verwalter.Api.Cli;

/// <summary>The <c>verwalter</c> command line: one executable, one subcommand per job.</summary>
internal static class VerwalterCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Verwalter: a decentralized orchestrator for long-running services.");
        root.Subcommands.Add(DaemonCommand.Create());
        root.Subcommands.Add(ScheduleCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(RenderCliCommand.Create());
        root.Subcommands.Add(SupervisorCommand.Create());
        root.Subcommands.Add(SwitchCommand.Create());
        root.Subcommands.Add(LithosCheckCommand.Create());
        root.Subcommands.Add(PsCommand.Create());
        root.Subcommands.Add(UpCommand.Create());
        return root;
    }

    /// <summary>The version the CLI prints and the daemon reports in <c>/v1/status</c>.</summary>
    public static string Version => Model.VerwalterVersion.Current;

    public static Option<string> ConfigDirOption() => new("--config-dir", "-c")
    {
        Description = "The config dir (runtime/, scheduler/v1/, templates/, sandbox/).",
        DefaultValueFactory = _ => Configuration.ConfigOptions.DefaultConfigDir,
    };

    public static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print machine-readable JSON instead of tables.",
    };
}
