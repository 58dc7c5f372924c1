using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Verwalter.Configuration;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter schedule</c>: runs the scheduler once over a config dir (a plan). Input fields not
/// given in <c>--input</c> come from the config dir and defaults.
/// </summary>
internal static class ScheduleCommand
{
    private const string NoMachineId = "00000000000000000000000000000000";

    public static Command Create()
    {
        var configDir = VerwalterCli.ConfigDirOption();
        var input = new Option<FileInfo?>("--input", "-i") { Description = "JSON object with any scheduler input fields (peers, actions, parents, now, current_host, current_id, metrics, runtime)." };
        var json = new Option<bool>("--json") { Description = "Print only the schedule envelope as JSON." };
        var command = new Command("schedule", "Run the scheduler once and print the schedule, its hash, the log and the diff from the first parent.")
        {
            configDir, input, json,
        };
        command.SetAction(parse => Run(parse.GetValue(configDir)!, parse.GetValue(input), parse.GetValue(json)));
        return command;
    }

    private static int Run(string configDir, FileInfo? inputFile, bool asJson)
    {
        if (!Directory.Exists(configDir))
        {
            Console.Error.WriteLine($"verwalter schedule: config dir {configDir} does not exist");
            return ExitCodes.Usage;
        }

        var now = TimeProvider.System.GetUtcNow();
        var limits = new SchedulingOptions().ToLimits();
        var snapshot = ConfigController.Load(configDir, null, limits, now);
        foreach (var problem in snapshot.RuntimeProblems)
        {
            Console.Error.WriteLine($"warning: {problem} (file skipped)");
        }

        if (snapshot.Scheduler is null)
        {
            foreach (var problem in snapshot.SchedulerProblems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return ExitCodes.Failure;
        }

        var host = Environment.MachineName;
        var id = File.Exists(Model.NodeIdentity.MachineIdPath) ? File.ReadAllText(Model.NodeIdentity.MachineIdPath).Trim() : NoMachineId;
        var schedulerInput = new SchedulerInput(now.ToUnixTimeMilliseconds(), host, id).With("runtime", snapshot.RuntimeJson);
        if (inputFile is not null)
        {
            try
            {
                schedulerInput.Override(File.ReadAllBytes(inputFile.FullName));
            }
            catch (Exception ex) when (ex is IOException or FormatException or JsonException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {inputFile.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }
        }

        var inputJson = schedulerInput.ToJson();
        Schedule schedule;
        string log;
        try
        {
            using var engine = SchedulerEngines.Load(snapshot.Scheduler, limits, ProcessExitWatchdog.Shared);
            var output = engine.Run(inputJson);
            log = output.Log;
            using var inputDoc = JsonDocument.Parse(inputJson);
            var origin = inputDoc.RootElement.GetProperty("current_id").GetString() ?? NoMachineId;
            schedule = Schedule.Create(now.ToUnixTimeMilliseconds(), origin, 0, ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log));
        }
        catch (SchedulerException ex)
        {
            if (!string.IsNullOrEmpty(ex.Log))
            {
                Console.Error.WriteLine(ex.Log.TrimEnd());
            }

            Console.Error.WriteLine($"error: scheduler failed ({ex.Kind}): {ex.Message}");
            return ExitCodes.Failure;
        }

        if (asJson)
        {
            Console.WriteLine(Encoding.UTF8.GetString(schedule.ToJson(indented: true)));
            return ExitCodes.Ok;
        }

        PrintHuman(schedule, log, FirstParent(inputJson));
        return ExitCodes.Ok;
    }

    private static byte[]? FirstParent(byte[] inputJson)
    {
        using var document = JsonDocument.Parse(inputJson);
        return document.RootElement.TryGetProperty("parents", out var parents)
            && parents.ValueKind == JsonValueKind.Array && parents.GetArrayLength() > 0
            ? CanonicalJson.Serialize(parents[0])
            : null;
    }

    private static void PrintHuman(Schedule schedule, string log, byte[]? parent)
    {
        AnsiConsole.MarkupLine($"[bold]schedule[/] {schedule.Hash}  ({schedule.Data.Length} bytes canonical)");
        Console.WriteLine(Encoding.UTF8.GetString(Endpoints.JsonOutput.Indent(schedule.Data)).TrimEnd());
        if (!string.IsNullOrWhiteSpace(log))
        {
            AnsiConsole.Write(new Rule("[bold]scheduler log[/]").LeftJustified());
            Console.WriteLine(log.TrimEnd());
        }

        if (parent is not null)
        {
            var diff = ScheduleDiff.Compute(parent, schedule.Data);
            AnsiConsole.Write(new Rule($"[bold]changes from the first parent[/] ({diff.Count})").LeftJustified());
            foreach (var line in diff)
            {
                var color = line[0] switch { '+' => "green", '-' => "red", _ => "yellow" };
                AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
            }
        }
    }
}
