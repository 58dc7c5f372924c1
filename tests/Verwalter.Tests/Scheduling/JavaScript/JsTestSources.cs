using System.Collections.Immutable;
using System.Text;
using Verwalter.Scheduling;
using Verwalter.Scheduling.JavaScript;
using Verwalter.Tests.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.JavaScript;

/// <summary>Builds in-memory JavaScript scheduler sources and runs them through the real Jint engine.</summary>
internal static class JsTestSources
{
    public static SchedulerSource Source(params (string Path, string Code)[] files)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, code) in files)
        {
            builder[path] = Encoding.UTF8.GetBytes(code);
        }

        return new SchedulerSource("/etc/verwalter/scheduler/v1", builder.ToImmutable(), "test");
    }

    public static JsScheduler Load(string main, SchedulerLimits? limits = null, params (string Path, string Code)[] more) =>
        JsScheduler.Load(Source([("main.js", main), .. more]), limits ?? new SchedulerLimits(), new FakeRunWatchdog());

    public static SchedulerOutput Run(this JsScheduler scheduler, string input = LuaTestSources.MinimalInput) =>
        scheduler.Run(Encoding.UTF8.GetBytes(input));

    public static string Canonical(this SchedulerOutput output) =>
        Encoding.UTF8.GetString(ScheduleResult.ToCanonicalData(output.ScheduleJson));

    public static SchedulerException RunFails(this JsScheduler scheduler, string input = LuaTestSources.MinimalInput) =>
        Assert.Throws<SchedulerException>(() => scheduler.Run(input));
}
