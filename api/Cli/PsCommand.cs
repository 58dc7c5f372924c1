using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter ps</c>: the supervised instances, from the status file the supervisor keeps in its
/// runtime dir (<c>status.json</c>): state, pid, uptime, restarts (unplanned exits), failures, backoff,
/// then held-back config problems and the adoption records that were moved aside as corrupt.
/// </summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var config = SupervisorCommand.MasterOption();
        var json = VerwalterCli.JsonOption();
        var command = new Command("ps", "Show the supervised instances: state, pid, uptime, restarts, backoff.") { config, json };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(string masterPath, bool asJson)
    {
        MasterConfig master;
        SupervisorStatus? status;
        try
        {
            master = MasterConfigLoader.Load(masterPath);
            var path = SupervisorService.StatusPath(master);
            status = File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), SupervisorJsonContext.Default.SupervisorStatus) : null;
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"verwalter ps: {e.Message}");
            return ExitCodes.Failure;
        }

        if (status is null)
        {
            Console.Error.WriteLine($"verwalter ps: no supervisor status in {master.RuntimeDir} (is `verwalter supervisor --config {masterPath}` running?)");
            return ExitCodes.Failure;
        }

        var live = PidFile.LiveSupervisor(master) == status.SupervisorPid;
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(status, SupervisorJsonContext.Default.SupervisorStatus));
            return live ? ExitCodes.Ok : ExitCodes.Failure;
        }

        var now = TimeProvider.System.GetUtcNow();
        string[] header = ["INSTANCE", "STATE", "PID", "UPTIME", "RESTARTS", "FAILURES", "BACKOFF", "LAST EXIT / ERROR"];
        var rows = status.Instances.Select(i => new[]
        {
            i.Name,
            i.State + (i.Adopted ? " (adopted)" : ""),
            i.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
            i.StartedAt is { } at && i.Pid is not null ? Uptime(now - at) : "-",
            i.Restarts.ToString(CultureInfo.InvariantCulture),
            i.Failures.ToString(CultureInfo.InvariantCulture),
            i.BackoffMs > 0 ? Uptime(TimeSpan.FromMilliseconds(i.BackoffMs)) : "-",
            i.LastError ?? i.LastExit ?? "",
        }).ToList();
        if (Console.IsOutputRedirected)
        {
            // Plain aligned columns for scripts and pipes (a table would wrap at 80 columns).
            var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
            foreach (var row in rows.Prepend(header))
            {
                Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
            }
        }
        else
        {
            var table = new Table().AddColumns(header);
            foreach (var row in rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLine(live
            ? $"supervisor pid {status.SupervisorPid}, {status.Instances.Count(i => i.State == "running")}/{status.Instances.Count} running; {Markup.Escape(status.Cgroups)}"
            : $"[red]supervisor pid {status.SupervisorPid} is not running[/]; status from {status.UpdatedAt:u}");
        foreach (var problem in status.Problems)
        {
            AnsiConsole.MarkupLine($"[yellow]problem[/]: {Markup.Escape(problem)}");
        }

        foreach (var bad in status.CorruptRecords ?? [])
        {
            var where = bad.MovedTo is null ? "left in place" : $"moved aside to {bad.MovedTo}";
            AnsiConsole.MarkupLine($"[red]corrupt adoption record[/]: {Markup.Escape(bad.File)} ({Markup.Escape(bad.Reason)}), {Markup.Escape(where)}; its process was not adopted");
        }

        return live ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>lithos_ps style: <c>Ns</c>, <c>XmYs</c>, <c>XhYm</c>, <c>Nd</c>.</summary>
    internal static string Uptime(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s"),
        { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds}s"),
        { TotalHours: < 24 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours}h"),
    };
}
