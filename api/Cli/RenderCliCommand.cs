using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter render</c>: renders and applies one role from a vars object, with the original
/// <c>verwalter_render</c>'s exit codes (2 usage, 3 bad vars, 4 no template, 5 version mismatch,
/// 10 template error, 20 command error, 81 log error). The daemon applies roles with the same code.
/// </summary>
internal static class RenderCliCommand
{
    private const string CheckDeploymentId = "dry-run-dep-id-dead-beef";

    public static Command Create()
    {
        var vars = new Argument<string?>("vars") { Description = "The role's variables as a JSON object.", Arity = ArgumentArity.ZeroOrOne };
        var varsFile = new Option<FileInfo?>("--vars-file") { Description = "Read the variables from this JSON file instead." };
        var schedule = new Option<string?>("--schedule") { Description = "The full schedule (JSON) for the full_schedule variable." };
        var scheduleFile = new Option<FileInfo?>("--schedule-file") { Description = "Read the full schedule from this file." };
        var checkDir = new Option<DirectoryInfo?>("--check-dir", "--check", "-C") { Description = "Render this template folder as a check: dry-run, nothing runs." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Render and log to stdout; run no command." };
        var logDir = new Option<string>("--log-dir") { Description = "The deployment log folder.", DefaultValueFactory = _ => "/var/log/verwalter" };
        var configDir = VerwalterCli.ConfigDirOption();
        var command = new Command("render", "Render and apply one role (the original verwalter_render).")
        {
            vars, varsFile, schedule, scheduleFile, checkDir, dryRun, logDir, configDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            Verwalter.Rendering.Commands.CommandEnvironment.Export();
            var request = new Request(
                parse.GetValue(vars), parse.GetValue(varsFile), parse.GetValue(schedule), parse.GetValue(scheduleFile),
                parse.GetValue(checkDir), parse.GetValue(dryRun), parse.GetValue(logDir)!, parse.GetValue(configDir)!);
            return await RunAsync(request, ct);
        });
        return command;
    }

    private sealed record Request(string? Vars, FileInfo? VarsFile, string? Schedule, FileInfo? ScheduleFile, DirectoryInfo? CheckDir, bool DryRun, string LogDir, string ConfigDir);

    private static async Task<int> RunAsync(Request request, CancellationToken ct)
    {
        JsonObject vars;
        try
        {
            vars = ReadVars(request);
        }
        catch (JsonException ex) when (request.VarsFile is null)
        {
            return Fail(ExitCodes.Usage, $"vars is not valid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or FormatException)
        {
            return Fail((int)RenderFailure.Arguments, ex.Message);
        }

        var check = request.CheckDir is not null;
        if (check)
        {
            vars["deployment_id"] = CheckDeploymentId;
        }
        else if (Check(vars) is { } bad)
        {
            return bad;
        }

        if (vars["role"] is not JsonValue roleValue || !roleValue.TryGetValue<string>(out var role))
        {
            return Fail((int)RenderFailure.Arguments, "vars have no 'role'");
        }

        try
        {
            vars["full_schedule"] = ReadSchedule(request);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return Fail((int)RenderFailure.Arguments, $"schedule: {ex.Message}");
        }

        var dryRun = request.DryRun || check;
        IReadOnlyDictionary<string, string> logDirs = new Dictionary<string, string>();
        string folder;
        try
        {
            if (!check)
            {
                var sandbox = SandboxConfigLoader.Load(request.ConfigDir);
                if (!sandbox.Problems.IsEmpty)
                {
                    return Fail((int)RenderFailure.Arguments, "sandbox: " + string.Join("; ", sandbox.Problems));
                }

                logDirs = sandbox.Config.LogDirs;
            }

            folder = check ? request.CheckDir!.FullName : RoleApplier.TemplateFolder(request.ConfigDir, vars);
        }
        catch (RenderException ex)
        {
            return Fail((int)ex.Failure, ex.Message);
        }

        return await ApplyAsync(request, vars, role, folder, logDirs, dryRun, ct);
    }

    private static async Task<int> ApplyAsync(Request request, JsonObject vars, string role, string folder, IReadOnlyDictionary<string, string> logDirs, bool dryRun, CancellationToken ct)
    {
        DeploymentLog deployment;
        RoleLog roleLog;
        try
        {
            var writer = dryRun ? new DeploymentLogWriter(Console.Out, TimeProvider.System) : new DeploymentLogWriter(request.LogDir, TimeProvider.System);
            deployment = writer.Begin(vars["deployment_id"]!.ToString(), "", [], null, hashChanged: false);
            roleLog = deployment.OpenRole(role);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Fail((int)RenderFailure.Logging, $"cannot open the role log: {ex.Message}");
        }

        try
        {
            var options = new RenderOptions { LogDir = request.LogDir, DryRun = dryRun };
            await RoleApplier.ApplyAsync(folder, vars, roleLog, logDirs, options, ct);
            roleLog.WriteLine("Rendered successfully");
            return ExitCodes.Ok;
        }
        catch (RenderException ex)
        {
            var what = ex.Failure == RenderFailure.Templates ? "Can't render templates" : "Can't apply templates";
            roleLog.WriteLine($"ERROR: {what}: {ex.Message}");
            return Fail((int)ex.Failure, ex.Message);
        }
        finally
        {
            roleLog.Dispose();
            deployment.Finish();
        }
    }

    private static int? Check(JsonObject vars)
    {
        if (vars["deployment_id"] is null)
        {
            return Fail((int)RenderFailure.Arguments, "vars have no 'deployment_id'");
        }

        if (vars["template"] is null)
        {
            return Fail((int)RenderFailure.NoTemplate, "vars have no 'template'");
        }

        if (vars["verwalter_version"] is not JsonValue v || !v.TryGetValue<string>(out var version))
        {
            return Fail((int)RenderFailure.Arguments, "vars have no 'verwalter_version'");
        }

        return version == VerwalterVersion.Current ? null
            : Fail(5, $"vars were made for verwalter {version}, this is {VerwalterVersion.Current}");
    }

    private static JsonObject ReadVars(Request request)
    {
        var text = request.VarsFile is not null ? File.ReadAllText(request.VarsFile.FullName) : request.Vars
            ?? throw new FormatException("give the vars as an argument or with --vars-file");
        return JsonNode.Parse(text) as JsonObject ?? throw new FormatException("vars must be a JSON object");
    }

    private static JsonNode? ReadSchedule(Request request) =>
        request.ScheduleFile is not null ? JsonNode.Parse(File.ReadAllText(request.ScheduleFile.FullName))
        : request.Schedule is not null ? JsonNode.Parse(request.Schedule)
        : null;

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"verwalter render: {message}");
        return code;
    }
}
