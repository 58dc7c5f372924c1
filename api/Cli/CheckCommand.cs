using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verwalter.Api.Contracts;
using Verwalter.Configuration;
using Verwalter.Scheduling;

namespace Verwalter.Api.Cli;

/// <summary><c>verwalter check</c>: loads everything that can be checked and reports each problem with its file and line.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var configDir = VerwalterCli.ConfigDirOption();
        var json = VerwalterCli.JsonOption();
        var command = new Command("check", "Validate a config dir: runtime and sandbox files parse, the scheduler loads, render files parse and templates compile.") { configDir, json };
        command.SetAction(parse => Run(parse.GetValue(configDir)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(string configDir, bool asJson)
    {
        if (!Directory.Exists(configDir))
        {
            Console.Error.WriteLine($"verwalter check: config dir {configDir} does not exist");
            return ExitCodes.Usage;
        }

        var snapshot = ConfigController.Load(configDir, null, new SchedulingOptions().ToLimits(), TimeProvider.System.GetUtcNow());
        var problems = snapshot.RuntimeProblems.Concat(snapshot.SchedulerProblems).Concat(snapshot.SandboxProblems).Concat(Rendering.TemplateChecker.Check(configDir))
            .Select(p => new CheckProblem(p.Path, p.Line, p.Column, p.Message))
            .ToList();
        if (asJson)
        {
            var report = new CheckReport(configDir, problems.Count == 0, problems);
            Console.WriteLine(JsonSerializer.Serialize(report, VerwalterJsonContext.Default.CheckReport));
        }
        else if (problems.Count == 0)
        {
            AnsiConsole.MarkupLine($"[green]ok[/]: {Markup.Escape(configDir)} (runtime, sandbox, scheduler and templates load cleanly)");
        }
        else
        {
            var table = new Table().AddColumns("File", "Line", "Column", "Problem");
            foreach (var p in problems)
            {
                table.AddRow(Markup.Escape(p.Path), p.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", p.Column?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Markup.Escape(p.Message));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[red]{problems.Count} problem(s)[/] in {Markup.Escape(configDir)}");
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
