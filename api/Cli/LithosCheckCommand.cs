using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verwalter.Api.Contracts;
using Verwalter.Supervision;

namespace Verwalter.Api.Cli;

/// <summary><c>verwalter lithos-check</c>: the supervisor's checks on the whole tree, or on one sandbox with an alternate processes file.</summary>
internal static class LithosCheckCommand
{
    public static Command Create()
    {
        var config = SupervisorCommand.MasterOption();
        var sandbox = new Option<string?>("--sandbox") { Description = "Check only this sandbox." };
        var alternate = new Option<string?>("--alternate-config") { Description = "Check this file as the sandbox's processes file (needs --sandbox)." };
        var json = VerwalterCli.JsonOption();
        var command = new Command("lithos-check", "Validate the supervisor's files (master, sandboxes, processes, container configs in the images).") { config, sandbox, alternate, json };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(sandbox), parse.GetValue(alternate), parse.GetValue(json)));
        return command;
    }

    private static int Run(string masterPath, string? sandbox, string? alternate, bool asJson)
    {
        if (alternate is not null && sandbox is null)
        {
            Console.Error.WriteLine("verwalter lithos-check: --alternate-config needs --sandbox");
            return ExitCodes.Usage;
        }

        List<CheckProblem> problems;
        try
        {
            problems = [.. LithosCheck.Run(masterPath, alternate is null ? null : (sandbox!, Path.GetFullPath(alternate)), sandbox, new ImageContainerConfigReader())
                .Select(p => new CheckProblem(p.Path, p.Line, p.Column, p.Message))];
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException)
        {
            problems = [new CheckProblem(masterPath, null, null, e.Message)];
        }

        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new CheckReport(masterPath, problems.Count == 0, problems), VerwalterJsonContext.Default.CheckReport));
        }
        else if (problems.Count == 0)
        {
            AnsiConsole.MarkupLine($"[green]ok[/]: {Markup.Escape(masterPath)}{(sandbox is null ? "" : $" (sandbox {Markup.Escape(sandbox)})")}");
        }
        else
        {
            foreach (var p in problems)
            {
                Console.Error.WriteLine(new Configuration.ConfigProblem(p.Path, p.Line, p.Column, p.Message).ToString());
            }

            Console.Error.WriteLine($"{problems.Count} problem(s)");
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
