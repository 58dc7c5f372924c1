using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

/// <summary>Builds in-memory scheduler sources and runs them through the real engine.</summary>
internal static class LuaTestSources
{
    public const string MinimalInput = """{"now": 1533913910123, "current_host": "alpha", "parents": [], "actions": {}, "runtime": {}, "peers": {}, "metrics": {}}""";

    public static SchedulerSource Source(params (string Path, string Code)[] files)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, code) in files)
        {
            builder[path] = Encoding.UTF8.GetBytes(code);
        }

        return new SchedulerSource("/etc/verwalter/scheduler/v1", builder.ToImmutable(), "test");
    }

    public static LuaScheduler Load(string main, SchedulerLimits? limits = null, IRunWatchdog? watchdog = null) =>
        LuaScheduler.Load(Source(("main.lua", main)), limits ?? new SchedulerLimits(), watchdog ?? new FakeRunWatchdog());

    /// <summary>Loads a main.lua whose scheduler body is <paramref name="body"/> (input is <c>i</c>).</summary>
    public static LuaScheduler LoadBody(string body, SchedulerLimits? limits = null) =>
        Load("return { scheduler = function(i)\n" + body + "\nend }", limits);

    public static SchedulerOutput Run(this LuaScheduler scheduler, string input = MinimalInput) =>
        scheduler.Run(Encoding.UTF8.GetBytes(input));

    public static string Json(this SchedulerOutput output) => Encoding.UTF8.GetString(output.ScheduleJson);

    public static JsonElement Parse(this SchedulerOutput output) => JsonDocument.Parse(output.ScheduleJson).RootElement;

    public static SchedulerException RunFails(this LuaScheduler scheduler, string input = MinimalInput) =>
        Assert.Throws<SchedulerException>(() => scheduler.Run(input));
}
