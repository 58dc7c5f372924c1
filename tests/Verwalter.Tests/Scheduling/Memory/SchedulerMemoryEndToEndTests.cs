using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Scheduling.Memory;

/// <summary>
/// Issue 12.1 on a real daemon: capped and runaway scheduler runs leave the process at its baseline
/// RSS, and a capped run does not grow the process much past the cap.
/// </summary>
public sealed partial class SchedulerMemoryEndToEndTests : IDisposable
{
    private const int CapMiB = 128;
    private const int Runs = 20;

    /// <summary>Growth allowed above baseline + cap at the peak (host buffers, the runtime's own heap).</summary>
    private const long PeakMarginMiB = 64;

    // Without actions it schedules; otherwise the newest action (failed runs leave them pending)
    // says whether to build a huge table (memory cap) or spin (instruction budget), like the
    // probes of the hardening issue.
    private const string Bomb = """
        return { scheduler = function(input)
          local newest, kind = -1, nil
          for id, a in pairs(input.actions) do if id > newest then newest, kind = id, a.kind end end
          if kind == nil then return { ok = true } end
          if kind == "loop" then while true do end end
          local t = {}
          for i = 1, 100000000 do t[i] = string.rep("x", 4096) .. i end
          return { never = true }
        end }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-memory-");

    public SchedulerMemoryEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "config", "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "config", "runtime", "web"));
        File.WriteAllText(Path.Combine(_root.FullName, "config", "scheduler", "v1", "main.lua"), Bomb);
        File.WriteAllText(Path.Combine(_root.FullName, "config", "runtime", "web", "v1.yaml"), "image: web\n");
    }

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task TwentyCappedAndRunawayRuns_LeaveTheDaemonAtBaseline()
    {
        await using var daemon = DaemonProcess.StartWithEnvironment(
            Path.Combine(_root.FullName, "config"), Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"),
            new Dictionary<string, string>
            {
                ["Verwalter__Scheduling__MemoryMiB"] = CapMiB.ToString(CultureInfo.InvariantCulture),
                ["Verwalter__Scheduling__Deadline"] = "00:00:20",
                ["Verwalter__Scheduling__InstructionBudget"] = "100000000",
            });
        await Eventually.WaitAsync(async () => (await daemon.Http.GetStringAsync("/v1/schedule")).Contains("\"ok\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the first schedule");
        var baseline = Rss(daemon.Pid, "VmRSS");
        var bound = Math.Max(baseline * 3 / 2, baseline + (64L << 20));

        for (var i = 1; i <= Runs; i++)
        {
            var kind = i % 5 == 0 ? "loop" : "table";
            var result = kind == "loop" ? "timeout" : "memory";
            var before = Counter(await daemon.Http.GetStringAsync("/metrics"), result);
            using var body = new StringContent($$"""{"kind":"{{kind}}","n":{{i}}}""", Encoding.UTF8, "application/json");
            using var response = await daemon.Http.PostAsync("/v1/action", body);
            Assert.True(response.IsSuccessStatusCode, $"action {i}: {(int)response.StatusCode}");
            await Eventually.WaitAsync(
                async () => Counter(await daemon.Http.GetStringAsync("/metrics"), result) > before, TimeSpan.FromSeconds(90), $"run {i} failing with {result}");
        }

        var status = await daemon.Http.GetStringAsync("/v1/status");
        Assert.Contains("exceeded the", status, StringComparison.Ordinal);

        var peak = Rss(daemon.Pid, "VmHWM");
        Assert.True(peak <= baseline + ((CapMiB + PeakMarginMiB) << 20), $"peak RSS {peak >> 20} MiB, baseline {baseline >> 20} MiB, cap {CapMiB} MiB");
        await Eventually.WaitAsync(
            () => Task.FromResult(Rss(daemon.Pid, "VmRSS") <= bound),
            TimeSpan.FromSeconds(30),
            $"RSS at most {bound >> 20} MiB (baseline {baseline >> 20} MiB; now {Rss(daemon.Pid, "VmRSS") >> 20} MiB)");
        Assert.False(daemon.HasExited, daemon.Output);
    }

    private static long Counter(string metrics, string result)
    {
        var match = RunsCounter().Matches(metrics).FirstOrDefault(m => m.Groups[1].Value == result);
        return match is null ? 0 : long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A /proc/PID/status line (VmRSS, VmHWM) in bytes.</summary>
    private static long Rss(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{pid}/status");
    }

    [GeneratedRegex("""^verwalter_scheduler_runs_total\{result="(\w+)"\} (\d+)""", RegexOptions.Multiline)]
    private static partial Regex RunsCounter();
}
