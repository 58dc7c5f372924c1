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
            configDir, storageDir, logDir, host, port, hostname, machineId,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new DaemonSettings(
                parse.GetValue(configDir)!,
                parse.GetValue(storageDir)!,
                parse.GetValue(logDir)!,
                parse.GetValue(host)!,
                parse.GetValue(port),
                parse.GetValue(hostname),
                parse.GetValue(machineId));
            return await DaemonHost.RunAsync(settings, ct);
        });
        return command;
    }
}
