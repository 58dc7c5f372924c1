using System.CommandLine;
using Verwalter.Api.Hosting;

namespace Verwalter.Api.Cli;

/// <summary><c>verwalter daemon</c>: runs the loops and the HTTP server until stopped.</summary>
internal static class DaemonCommand
{
    public static Command Create()
    {
        var configDir = VerwalterCli.ConfigDirOption();
        var storageDir = new Option<string>("--storage-dir") { Description = "Where the schedule and its backups are kept.", DefaultValueFactory = _ => "/var/lib/verwalter" };
        var logDir = new Option<string>("--log-dir") { Description = "Where deployment logs go.", DefaultValueFactory = _ => "/var/log/verwalter" };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP port.", DefaultValueFactory = _ => 8379 };
        var hostname = new Option<string?>("--hostname") { Description = "This node's host name as schedules address it (default: the machine's)." };
        var machineId = new Option<string?>("--override-machine-id") { Description = "Use this 32-hex-digit node id instead of /etc/machine-id." };
        var join = new Option<string[]>("--join") { Description = "Gossip seed host:port (repeatable); the node contacts it until it answers." };
        var clusterKey = new Option<string?>("--cluster-key-file") { Description = "File holding the shared cluster key; datagrams without its HMAC tag are dropped." };
        var cantalUrl = new Option<string?>("--cantal-url") { Description = "Take peers from this cantal agent (polled each second) instead of gossip." };
        var peersFile = new Option<string?>("--peers-file") { Description = "Take peers from this JSON/YAML list (reloaded on change) instead of gossip." };
        cantalUrl.Validators.Add(r =>
        {
            if (!Uri.TryCreate(r.GetValueOrDefault<string?>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                r.AddError($"--cantal-url must be an http:// URL, got '{r.GetValueOrDefault<string?>()}'");
            }
        });
        var supervisor = new Option<string>("--supervisor")
        {
            Description = "Where the process supervisor runs: 'separate' (its own `verwalter supervisor` process, the default) or 'embedded' (inside this daemon).",
            DefaultValueFactory = _ => "separate",
        };
        supervisor.AcceptOnlyFromAmong("separate", "embedded");
        var supervisorConfig = new Option<string>("--supervisor-config")
        {
            Description = "The supervisor's master.yaml: run with --supervisor embedded, or read for /v1/status when separate.",
            DefaultValueFactory = _ => Supervision.SupervisorOptions.DefaultMasterPath,
        };
        var allowMinority = new Option<bool>("--allow-minority-cluster") { Description = "Let a partition elect its own leader once the other nodes were not heard directly for the minority window (75 s)." };
        var apiTokenFile = new Option<string?>("--api-token-file") { Description = "File holding the API token (re-read when it changes): state-changing routes need 'Authorization: Bearer <token>'." };
        var apiTokenReads = new Option<bool>("--api-token-protects-reads") { Description = "Reads need the API token too (/healthz and /readyz stay open)." };
        var defaultFrontend = new Option<string>("--default-frontend")
        {
            Description = "The frontend '/' and the page routes serve: 'common' (the embedded UI, or <config>/frontend/common) or a folder name under <config>/frontend/.",
            DefaultValueFactory = _ => Frontend.FrontendSettings.Common,
        };
        defaultFrontend.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!Frontend.FrontendFolder.IsValidName(value))
            {
                r.AddError($"--default-frontend must be a plain folder name, got '{value}'");
            }
        });
        port.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 0 or > 65535)
            {
                r.AddError($"--port must be between 0 and 65535, got {value}");
            }
        });

        var command = new Command("daemon", "Run the node: config and schedule loops, HTTP API and /metrics.")
        {
            configDir, storageDir, logDir, host, port, hostname, machineId, join, clusterKey, cantalUrl, peersFile, supervisor, supervisorConfig, allowMinority, apiTokenFile, apiTokenReads, defaultFrontend,
        };
        command.Validators.Add(r =>
        {
            var sources = new[] { r.GetResult(cantalUrl) is not null, r.GetResult(peersFile) is not null, r.GetResult(join) is not null }.Count(x => x);
            if (sources > 1)
            {
                r.AddError("use only one peer source: --join (gossip), --cantal-url or --peers-file");
            }

            if (r.GetValue(apiTokenReads) && r.GetResult(apiTokenFile) is null)
            {
                r.AddError("--api-token-protects-reads needs --api-token-file");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var settings = new DaemonSettings(
                parse.GetValue(configDir)!,
                parse.GetValue(storageDir)!,
                parse.GetValue(logDir)!,
                parse.GetValue(host)!,
                parse.GetValue(port),
                parse.GetValue(hostname),
                parse.GetValue(machineId))
            {
                AllowMinorityCluster = parse.GetValue(allowMinority),
                DefaultFrontend = parse.GetValue(defaultFrontend)!,
                Cluster = new ClusterSettings(parse.GetValue(join) ?? [], parse.GetValue(clusterKey), parse.GetValue(cantalUrl) is { } url ? new Uri(url) : null, parse.GetValue(peersFile)),
                EmbeddedSupervisor = parse.GetValue(supervisor) == "embedded",
                SupervisorConfig = parse.GetValue(supervisorConfig)!,
                ApiTokenFile = parse.GetValue(apiTokenFile),
                ApiTokenProtectsReads = parse.GetValue(apiTokenReads),
            };
            Verwalter.Rendering.Commands.CommandEnvironment.Export(settings.SupervisorConfig);
            return await DaemonHost.RunAsync(settings, ct);
        });
        return command;
    }
}
