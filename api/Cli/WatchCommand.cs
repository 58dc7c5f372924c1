using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Verwalter.Configuration;
using Verwalter.Scheduling;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter watch</c>: reruns the scheduler on every save under the config dir (debounced)
/// and prints the schedule, its diff from the previous run, the log and what rendering each role
/// would change (dry run: templates render, no command runs). A broken save prints its error and
/// watching goes on; Ctrl-C (or SIGTERM) exits 0. docs/watch.md.
/// </summary>
internal static class WatchCommand
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);
    private const string NoMachineId = "00000000000000000000000000000000";

    public static Command Create()
    {
        var configDir = VerwalterCli.ConfigDirOption();
        var input = new Option<FileInfo?>("--input", "-i") { Description = "A /v1/scheduler_input dump to run on (the tree's runtime replaces its runtime)." };
        var from = new Option<string?>("--from") { Description = "A live node's URL; its /v1/scheduler_input is fetched once at start." };
        var json = VerwalterCli.JsonOption();
        json.Description = "Print one JSON object per run.";
        var command = new Command("watch", "Rerun the scheduler on every save and print the schedule, its diff, the log and a dry-run render per role.")
        {
            configDir, input, from, json,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(configDir)!, parse.GetValue(input), parse.GetValue(from), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(string configDir, FileInfo? inputFile, string? from, bool asJson, CancellationToken ct)
    {
        if (!Directory.Exists(configDir))
        {
            await Console.Error.WriteLineAsync($"verwalter watch: config dir {configDir} does not exist");
            return ExitCodes.Usage;
        }

        byte[] baseInput;
        try
        {
            baseInput = await BaseInputAsync(inputFile, from, ct);
        }
        catch (Exception ex) when (ex is IOException or JsonException or FormatException or HttpRequestException or UnauthorizedAccessException or UriFormatException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"verwalter watch: {inputFile?.FullName ?? from}: {ex.Message}");
            return ExitCodes.Usage;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });

        var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        using var watcher = new FileSystemWatcher(Path.GetFullPath(configDir))
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        var root = Path.GetFullPath(configDir);
        void OnChange(string path)
        {
            if (!ConfigDirectoryScanner.IsSkipped(Path.GetFileName(path)))
            {
                changes.Writer.TryWrite(Path.GetRelativePath(root, path).Replace('\\', '/'));
            }
        }

        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath);
        watcher.Error += (_, _) => changes.Writer.TryWrite("(watcher overflow: whole tree)");
        watcher.EnableRaisingEvents = true;

        var time = TimeProvider.System;
        var runner = new WatchRunner(configDir, baseInput, time);
        var printer = new WatchPrinter(asJson);
        printer.Print(runner.Run(["(start)"]));
        if (!asJson)
        {
            await Console.Out.WriteLineAsync($"watching {root} (Ctrl-C to stop)");
        }

        try
        {
            while (true)
            {
                var first = await changes.Reader.ReadAsync(stop.Token);
                var trigger = new SortedSet<string>(StringComparer.Ordinal) { first };
                // Debounce: an editor's save is several events; run once they stop.
                while (true)
                {
                    using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    quiet.CancelAfter(Debounce);
                    try
                    {
                        trigger.Add(await changes.Reader.ReadAsync(quiet.Token));
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        break;
                    }
                }

                printer.Print(runner.Run(trigger));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }

    private static async Task<byte[]> BaseInputAsync(FileInfo? inputFile, string? from, CancellationToken ct)
    {
        if (inputFile is not null)
        {
            var bytes = await File.ReadAllBytesAsync(inputFile.FullName, ct);
            return JsonNode.Parse(bytes) is JsonObject ? bytes : throw new FormatException("the input must be a JSON object");
        }

        if (from is not null)
        {
            var uri = new Uri(from.Contains("/v1/", StringComparison.Ordinal) ? from : from.TrimEnd('/') + "/v1/scheduler_input");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var bytes = await http.GetByteArrayAsync(uri, ct);
            return JsonNode.Parse(bytes) is JsonObject ? bytes : throw new FormatException("the node's scheduler input is not a JSON object");
        }

        var id = File.Exists(Model.NodeIdentity.MachineIdPath) ? (await File.ReadAllTextAsync(Model.NodeIdentity.MachineIdPath, ct)).Trim() : NoMachineId;
        return new SchedulerInput(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), Environment.MachineName, id).ToJson();
    }
}
