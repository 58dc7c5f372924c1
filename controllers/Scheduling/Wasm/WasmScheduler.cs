using System.Text;
using System.Text.Json;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// A <c>scheduler/v1/scheduler.wasm</c> scheduler (the original verwalter 0.13 ABI): one call of
/// <c>scheduler(ptr, len)</c> per run with the scheduler input JSON, answering
/// <c>{"schedule": {...}, "log": "...", "actions": {"&lt;id&gt;": reply}}</c> (<c>log</c> and
/// <c>actions</c> optional). Replies go into the schedule's <c>action_replies</c>, which the
/// schedule loop takes out before hashing, as for Lua. Not thread-safe.
/// </summary>
internal sealed class WasmScheduler : ISchedulerEngine
{
    public const string FileName = "scheduler.wasm";
    public const string Entry = "scheduler";
    public const string Engine = "wasm";

    private readonly WasmAbiModule _module;
    private readonly IRunWatchdog _watchdog;
    private readonly TimeSpan _watchdogAfter;

    private WasmScheduler(WasmAbiModule module, IRunWatchdog? watchdog, TimeSpan watchdogAfter)
    {
        _module = module;
        _watchdog = watchdog ?? NoWatchdog.Instance;
        _watchdogAfter = watchdogAfter;
    }

    public string EngineName => Engine;

    /// <summary>Loads <c>scheduler.wasm</c> from a source (<c>scheduler/v1</c> or a shadow folder).</summary>
    public static WasmScheduler Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog watchdog)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(watchdog);
        var file = ConfigRelative(source.Directory) + "/" + FileName;
        if (!source.Files.TryGetValue(FileName, out var bytes))
        {
            throw new SchedulerException(SchedulerErrorKind.Load, $"{file}: not found");
        }

        using (watchdog.Arm(limits.Deadline + limits.WatchdogGrace, "scheduler load"))
        {
            return new(WasmAbiModule.Load(file, bytes, [Entry], WasmLimits.From(limits)), watchdog, limits.Deadline + limits.WatchdogGrace);
        }
    }

    /// <summary><c>/etc/verwalter/scheduler/v1</c> → <c>scheduler/v1</c>, for messages that name the file as the tree does.</summary>
    internal static string ConfigRelative(string directory)
    {
        var normalized = directory.Replace('\\', '/').TrimEnd('/');
        var at = normalized.LastIndexOf("/scheduler/", StringComparison.Ordinal);
        return at >= 0 ? normalized[(at + 1)..] : Path.GetFileName(normalized);
    }

    /// <param name="file">The module's path as messages name it, e.g. <c>scheduler/v1/scheduler.wasm</c>.</param>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>: not wasm, a missing export, an unknown import, a trap in the start function.</exception>
    public static WasmScheduler Load(string file, ReadOnlySpan<byte> bytes, WasmLimits limits, TimeProvider? time = null) =>
        new(WasmAbiModule.Load(file, bytes, [Entry], limits, time), null, TimeSpan.Zero);

    /// <exception cref="SchedulerException">The run failed; <see cref="SchedulerException.Log"/> holds what the host logged (panics).</exception>
    public SchedulerOutput Run(ReadOnlySpan<byte> inputJson)
    {
        byte[] value;
        using (_watchdog.Arm(_watchdogAfter, "scheduler run"))
        {
            value = _module.Call(Entry, inputJson);
        }

        var hostLog = _module.LastLog;
        try
        {
            return Parse(value, hostLog);
        }
        catch (JsonException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"{_module.File}: {Entry}: invalid result: {ex.Message}", hostLog);
        }
    }

    private SchedulerOutput Parse(byte[] value, string hostLog)
    {
        using var document = JsonDocument.Parse(value);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            throw Invalid("the result is the pre-0.11 [schedule, log] array; return {\"schedule\": {...}, \"log\": \"...\"}", hostLog);
        }

        if (!root.TryGetProperty("schedule", out var schedule))
        {
            throw Invalid("the result has no \"schedule\" field", hostLog);
        }

        var log = hostLog;
        if (root.TryGetProperty("log", out var logValue))
        {
            if (logValue.ValueKind != JsonValueKind.String && logValue.ValueKind != JsonValueKind.Null)
            {
                throw Invalid($"\"log\" must be a string, got {logValue.ValueKind.ToString().ToLowerInvariant()}", hostLog);
            }

            log += logValue.GetString() ?? "";
        }

        if (schedule.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"\"schedule\" must be a JSON object, got {schedule.ValueKind.ToString().ToLowerInvariant()}", log);
        }

        if (!root.TryGetProperty("actions", out var actions) || actions.ValueKind == JsonValueKind.Null)
        {
            return new SchedulerOutput(Encoding.UTF8.GetBytes(schedule.GetRawText()), log);
        }

        if (actions.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"\"actions\" must be an object of replies by action id, got {actions.ValueKind.ToString().ToLowerInvariant()}", log);
        }

        using var stream = new MemoryStream(value.Length);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var property in schedule.EnumerateObject())
            {
                if (property.Name != ActionReplies.Key)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WritePropertyName(ActionReplies.Key);
            actions.WriteTo(writer);
            writer.WriteEndObject();
        }

        return new SchedulerOutput(stream.ToArray(), log);
    }

    private SchedulerException Invalid(string message, string log) =>
        new(SchedulerErrorKind.InvalidResult, $"{_module.File}: {Entry}: {message}", log);

    public void Dispose() => _module.Dispose();
}
