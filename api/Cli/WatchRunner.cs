using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Configuration;
using Verwalter.Rendering;
using Verwalter.Rendering.Templates;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Api.Cli;

/// <summary>
/// One pass of <c>verwalter watch</c>: reads the tree, runs its scheduler on the base input (the
/// tree's runtime replaces the input's), diffs the schedule against the previous good pass, and
/// renders every role's templates for this host without running a command, comparing each output
/// with the previous pass. Keeps the previous pass's schedule and outputs between calls.
/// </summary>
internal sealed class WatchRunner(string configDir, byte[] baseInput, TimeProvider time)
{
    private readonly SchedulerLimits _limits = new SchedulingOptions().ToLimits();
    private readonly long _now = ReadNow(baseInput, time);
    private byte[]? _previousData;
    private Dictionary<string, Dictionary<string, string>> _previousOutputs = new(StringComparer.Ordinal);
    private int _run;

    public JsonObject Run(IReadOnlyCollection<string> trigger)
    {
        var started = time.GetTimestamp();
        var result = new JsonObject
        {
            ["run"] = ++_run,
            ["trigger"] = new JsonArray([.. trigger.Select(t => (JsonNode?)JsonValue.Create(t))]),
        };
        var snapshot = ConfigController.Load(configDir, null, _limits, time.GetUtcNow());
        result["warnings"] = new JsonArray([.. snapshot.RuntimeProblems.Concat(snapshot.SandboxProblems).Select(p => (JsonNode?)JsonValue.Create(p.ToString()))]);
        if (snapshot.Scheduler is null)
        {
            return Fail(result, string.Join("\n", snapshot.SchedulerProblems), "", started);
        }

        var input = new SchedulerInput(_now, "", "").Override(baseInput).With("runtime", snapshot.RuntimeJson).ToJson();
        byte[] data;
        string log;
        try
        {
            using var engine = SchedulerEngines.Load(snapshot.Scheduler, _limits, ProcessExitWatchdog.Shared);
            var output = engine.Run(input);
            log = output.Log;
            data = ActionReplies.Extract(ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log)).Data;
        }
        catch (SchedulerException ex)
        {
            return Fail(result, ex.Message, ex.Log ?? "", started);
        }

        result["ok"] = true;
        result["hash"] = CanonicalJson.Sha1Hex(data);
        result["schedule"] = JsonNode.Parse(data);
        result["diff"] = new JsonArray([.. ScheduleDiff.Compute(_previousData ?? "{}"u8.ToArray(), data).Select(d => (JsonNode?)JsonValue.Create(d))]);
        result["log"] = log;
        result["roles"] = RenderRoles(data, Host(input));
        _previousData = data;
        result["elapsed_ms"] = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
        return result;
    }

    private JsonObject RenderRoles(byte[] data, string hostname)
    {
        var plan = RoleVariables.Compute(JsonNode.Parse(data) as JsonObject ?? [], hostname);
        var roles = new JsonObject();
        var outputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (role, merged) in plan.ToRender)
        {
            var entry = new JsonObject();
            var previous = _previousOutputs.GetValueOrDefault(role);
            try
            {
                var vars = (JsonObject)merged.DeepClone();
                vars["deployment_id"] = "watch-dry-run";
                vars["timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(_now).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                vars["verwalter_version"] = Model.VerwalterVersion.Current;
                vars["full_schedule"] = JsonNode.Parse(data);
                var units = RoleTemplates.Render(RoleApplier.TemplateFolder(configDir, vars), vars, strict: false);
                var texts = new Dictionary<string, string>(StringComparer.Ordinal);
                var templates = new JsonObject();
                var commands = 0;
                foreach (var unit in units)
                {
                    commands += unit.File.Commands.Length;
                    foreach (var output in unit.Outputs.Values)
                    {
                        texts[output.TemplatePath] = output.Text;
                        templates[output.TemplatePath] = Compare(previous?.GetValueOrDefault(output.TemplatePath), output.Text);
                    }
                }

                outputs[role] = texts;
                entry["status"] = previous is null ? "added" : templates.Any(t => t.Value?["status"]?.GetValue<string>() != "unchanged") ? "changed" : "unchanged";
                entry["templates"] = templates;
                entry["commands"] = commands;
            }
            catch (Exception ex) when (ex is RenderException or IOException or InvalidOperationException or FormatException)
            {
                entry["status"] = "error";
                entry["error"] = ex.Message;
            }

            roles[role] = entry;
        }

        foreach (var gone in _previousOutputs.Keys.Where(r => !plan.ToRender.ContainsKey(r)).Order(StringComparer.Ordinal))
        {
            roles[gone] = new JsonObject { ["status"] = "removed" };
        }

        _previousOutputs = outputs;
        return roles;
    }

    /// <summary>Lines added and removed (as multisets), enough to say what a render would change.</summary>
    private static JsonObject Compare(string? before, string after)
    {
        if (before is null)
        {
            return new JsonObject { ["status"] = "added", ["added"] = after.Split('\n').Length, ["removed"] = 0 };
        }

        var old = before.Split('\n').GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = 0;
        foreach (var line in after.Split('\n'))
        {
            if (old.TryGetValue(line, out var count) && count > 0)
            {
                old[line] = count - 1;
            }
            else
            {
                added++;
            }
        }

        var removed = old.Values.Sum();
        return new JsonObject { ["status"] = added + removed == 0 ? "unchanged" : "changed", ["added"] = added, ["removed"] = removed };
    }

    private JsonObject Fail(JsonObject result, string error, string log, long started)
    {
        result["ok"] = false;
        result["error"] = error;
        result["log"] = log;
        result["elapsed_ms"] = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
        return result;
    }

    private static string Host(byte[] input)
    {
        using var document = JsonDocument.Parse(input);
        return document.RootElement.TryGetProperty("current_host", out var host) && host.ValueKind == JsonValueKind.String ? host.GetString()! : "";
    }

    private static long ReadNow(byte[] input, TimeProvider time)
    {
        using var document = JsonDocument.Parse(input);
        return document.RootElement.TryGetProperty("now", out var now) && now.TryGetInt64(out var ms) ? ms : time.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
