using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Spectre.Console;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter up</c>: a whole cluster on this machine, one <c>verwalter daemon</c> child per
/// node on 127.0.0.1, 127.0.0.2, … Ctrl-C (or SIGTERM) stops them all.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes", "-n") { Description = $"How many nodes (1-{UpPlan.MaxNodes}); node i listens on 127.0.0.i.", DefaultValueFactory = _ => 3 };
        var port = new Option<int>("--port", "--base-port") { Description = "The port every node listens on (HTTP and cluster traffic), each on its own address.", DefaultValueFactory = _ => 8379 };
        var configDir = new Option<string?>("--config-dir", "-c") { Description = $"The config dir all nodes share (default: the bundled {UpExecutable.ExampleRelativePath})." };
        var workDir = new Option<string>("--work-dir") { Description = "Per-node storage, deployment logs and daemon output go under WORK/node-i/.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "verwalter-up") };
        var readyTimeout = new Option<int>("--ready-timeout") { Description = "Seconds to wait for every node to answer /readyz.", DefaultValueFactory = _ => (int)UpSettings.DefaultReadyTimeout.TotalSeconds };
        var daemonArgs = new Option<string[]>("--daemon-arg") { Description = "One more argument for every daemon (repeat it, e.g. --daemon-arg=--allow-minority-cluster)." };
        var json = VerwalterCli.JsonOption();
        nodes.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 1 or > UpPlan.MaxNodes)
            {
                r.AddError($"--nodes must be between 1 and {UpPlan.MaxNodes}, got {value}");
            }
        });
        port.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 1 or > 65535)
            {
                r.AddError($"--port must be between 1 and 65535, got {value}");
            }
        });
        readyTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--ready-timeout must be at least 1 second");
            }
        });

        var command = new Command("up", "Run a complete cluster on this machine: one daemon per node on 127.0.0.x, until Ctrl-C.")
        {
            nodes, port, configDir, workDir, readyTimeout, daemonArgs, json,
        };
        // A synchronous action on purpose: System.CommandLine then installs no signal handler of its
        // own (its handler lets Main return two seconds after Ctrl-C), so stopping the nodes
        // gracefully may take as long as it needs and the exit code stays ours.
        command.SetAction(parse =>
        {
            using var stopping = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            return RunAsync(
                parse.GetValue(nodes),
                parse.GetValue(port),
                parse.GetValue(configDir),
                parse.GetValue(workDir)!,
                TimeSpan.FromSeconds(parse.GetValue(readyTimeout)),
                parse.GetValue(daemonArgs) ?? [],
                parse.GetValue(json),
                stopping.Token).GetAwaiter().GetResult();

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stopping.Cancel();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(int count, int port, string? configDir, string workDir, TimeSpan readyTimeout, string[] daemonArgs, bool asJson, CancellationToken ct)
    {
        var console = asJson ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        configDir ??= UpExecutable.FindExampleConfig(AppContext.BaseDirectory, Environment.CurrentDirectory);
        if (configDir is null || !Directory.Exists(configDir))
        {
            console.MarkupLineInterpolated($"[red]verwalter up[/]: config dir {configDir ?? UpExecutable.ExampleRelativePath} not found; pass --config-dir");
            return ExitCodes.Usage;
        }

        configDir = Path.GetFullPath(configDir);
        workDir = Path.GetFullPath(workDir);
        var joinSupported = UpExecutable.DaemonSupports(UpPlan.JoinOption);
        string? keyFile = null;
        if (!UpClusterKey.GivenIn(daemonArgs))
        {
            try
            {
                keyFile = UpClusterKey.Ensure(workDir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]verwalter up[/]: {ex.Message}");
                return ExitCodes.Config;
            }
        }

        var plan = UpPlan.Build(count, port, configDir, workDir, joinSupported, daemonArgs, keyFile);
        if (!joinSupported && count > 1)
        {
            console.MarkupLine("[yellow]verwalter up[/]: this build's daemon has no --join option yet, so the nodes do not find each other (each is a cluster of one)");
        }

        var settings = new UpSettings(readyTimeout, UpSettings.DefaultStopGrace, !asJson && console.Profile.Capabilities.Interactive);
        var runner = new UpRunner(plan, UpExecutable.SelfCommand(), settings, console, children =>
        {
            if (asJson)
            {
                var report = UpReport.Create(configDir, workDir, joinSupported, children) with { ClusterKeyFile = keyFile };
                Console.Out.WriteLine(JsonSerializer.Serialize(report, UpJsonContext.Default.UpReport));
                Console.Out.Flush();
            }
            else
            {
                WriteTable(console, configDir, workDir, keyFile, children);
            }
        }, TimeProvider.System);
        return await runner.RunAsync(ct);
    }

    private static void WriteTable(IAnsiConsole console, string configDir, string workDir, string? keyFile, IReadOnlyList<UpChild> children)
    {
        var table = new Table().AddColumns("Node", "UI / API", "Pid", "Daemon output");
        foreach (var child in children)
        {
            var node = child.Node;
            table.AddRow(Markup.Escape(node.Name), Markup.Escape(node.BaseUri.ToString()), child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(node.LogFile));
        }

        console.Write(table);
        console.MarkupLineInterpolated($"Config dir {configDir}; storage and logs under {workDir}. Ctrl-C stops all nodes.");
        if (keyFile is not null)
        {
            console.MarkupLineInterpolated($"Cluster key {keyFile} (0600, reused by the next up on this work dir).");
        }
    }
}
