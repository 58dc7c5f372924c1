using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Configuration;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Testing;

/// <summary>Builders for in-memory scheduler sources and config snapshots.</summary>
internal static class TestSources
{
    public static SchedulerSource Lua(string mainLua, params (string Path, string Text)[] more)
    {
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        files["main.lua"] = Encoding.UTF8.GetBytes(mainLua);
        foreach (var (path, text) in more)
        {
            files[path] = Encoding.UTF8.GetBytes(text);
        }

        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", files.Select(f => f.Key + ":" + Encoding.UTF8.GetString(f.Value))))));
        return new SchedulerSource("/nonexistent/scheduler/v1", files.ToImmutable(), fingerprint);
    }

    public static ConfigSnapshot Snapshot(SchedulerSource? source, string runtimeJson = "{}") =>
        new(Encoding.UTF8.GetBytes(runtimeJson), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runtimeJson))), [], source, [], DateTimeOffset.UnixEpoch);

    public static IMeterFactory MeterFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
