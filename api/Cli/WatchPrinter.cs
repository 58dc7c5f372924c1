using System.Text.Json.Nodes;
using Spectre.Console;

namespace Verwalter.Api.Cli;

/// <summary>Prints a <see cref="WatchRunner"/> result: one compact JSON line, or a human report.</summary>
internal sealed class WatchPrinter(bool asJson)
{
    public void Print(JsonObject run)
    {
        if (asJson)
        {
            Console.Out.WriteLine(run.ToJsonString(Compact));
            Console.Out.Flush();
            return;
        }

        var trigger = string.Join(", ", run["trigger"]!.AsArray().Select(t => t!.GetValue<string>()));
        AnsiConsole.Write(new Rule($"[bold]run {run["run"]}[/] ({Markup.Escape(trigger)}, {run["elapsed_ms"]} ms)").LeftJustified());
        foreach (var warning in run["warnings"]!.AsArray())
        {
            AnsiConsole.MarkupLine($"[yellow]warning: {Markup.Escape(warning!.GetValue<string>())}[/]");
        }

        var log = run["log"]?.GetValue<string>() ?? "";
        if (run["ok"]!.GetValue<bool>() is false)
        {
            if (log.Length > 0)
            {
                Console.Out.WriteLine(log.TrimEnd());
            }

            AnsiConsole.MarkupLine($"[red]error: {Markup.Escape(run["error"]!.GetValue<string>())}[/]");
            AnsiConsole.MarkupLine("[grey]still watching; the previous schedule is kept for the next diff[/]");
            Console.Out.Flush();
            return;
        }

        AnsiConsole.MarkupLine($"[bold]schedule[/] {run["hash"]}");
        Console.Out.WriteLine(run["schedule"]!.ToJsonString(Indented));
        var diff = run["diff"]!.AsArray();
        AnsiConsole.Write(new Rule($"[bold]changes from the previous run[/] ({diff.Count})").LeftJustified());
        foreach (var line in diff.Select(d => d!.GetValue<string>()))
        {
            var color = line[0] switch { '+' => "green", '-' => "red", _ => "yellow" };
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
        }

        if (log.Length > 0)
        {
            AnsiConsole.Write(new Rule("[bold]scheduler log[/]").LeftJustified());
            Console.Out.WriteLine(log.TrimEnd());
        }

        var roles = run["roles"]!.AsObject();
        AnsiConsole.Write(new Rule($"[bold]render (dry run)[/] ({roles.Count} roles)").LeftJustified());
        foreach (var (role, entry) in roles)
        {
            var status = entry!["status"]!.GetValue<string>();
            var detail = status == "error" ? entry["error"]!.GetValue<string>()
                : entry["templates"] is JsonObject templates
                    ? string.Join(", ", templates.Where(t => t.Value!["status"]!.GetValue<string>() != "unchanged")
                        .Select(t => $"{t.Key} +{t.Value!["added"]} -{t.Value!["removed"]}")) + $" ({entry["commands"]} commands would run)"
                    : "";
            Console.Out.WriteLine($"  {role}: {status} {detail}".TrimEnd());
        }

        Console.Out.Flush();
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly System.Text.Json.JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
