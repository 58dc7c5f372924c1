using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Verwalter.Benchmarks;

/// <summary>
/// Leader failover of a real 5-member etcd cluster (Debian's etcd-server, default Raft timing:
/// 100 ms heartbeat, 1000 ms election timeout), members on 127.0.1.x with temp data dirs. A trial
/// kills the leader with SIGKILL and stops the clock when the four others all report the same
/// new leader through the v3 JSON gateway (<c>POST /v3/maintenance/status</c>). The killed member
/// is restarted on its data dir before the next trial.
/// </summary>
internal sealed class FailoverEtcd : IDisposable
{
    public const string Binary = "/usr/bin/etcd";
    private const int Members = 5;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-bench-etcd-");
    private readonly List<FailoverMember> _members = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static string Version()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Binary, "--version") { RedirectStandardOutput = true })!;
        var first = process.StandardOutput.ReadLine() ?? "";
        process.WaitForExit();
        return first.Replace("etcd Version: ", "", StringComparison.Ordinal).Trim();
    }

    public async Task<double[]> RunAsync(int trials, TimeSpan timeout)
    {
        if (!File.Exists(Binary))
        {
            throw new FailoverException($"{Binary} not found: apt-get install etcd-server (the benchmark runs its own members, not the system service)");
        }

        Start();
        var times = new double[trials];
        for (var t = 0; t < trials; t++)
        {
            var leaderId = await AgreedLeaderAsync(_members, null, timeout, "all 5 etcd members to agree on a leader");
            var leader = _members.Single(m => m.Id == leaderId);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            leader.KillHard();
            await AgreedLeaderAsync(_members.Where(m => m != leader).ToList(), leaderId, timeout, $"the 4 etcd members left after killing {leader.Name} to agree on a new leader");
            times[t] = FailoverWait.Milliseconds(started);
            Console.Error.WriteLine($"  etcd trial {t + 1}/{trials}: killed {leader.Name}, new leader agreed after {times[t]:F0} ms");
            leader.Start();
        }

        return times;
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _http.Dispose();
        _root.Delete(recursive: true);
    }

    private void Start()
    {
        var addresses = Enumerable.Range(0, Members).Select(i => FailoverPorts.Address(1, i)).ToList();
        var ports = FailoverPorts.Free(addresses, 2);
        var (client, peer) = (ports[0], ports[1]);
        var cluster = string.Join(',', addresses.Select((a, i) => $"m{i + 1}=http://{a}:{peer}"));
        var token = "verwalter-bench-" + Path.GetFileName(_root.FullName);
        for (var i = 0; i < Members; i++)
        {
            var a = addresses[i];
            _members.Add(new FailoverMember($"m{i + 1}", new Uri($"http://{a}:{client}/"),
            [
                Binary, "--name", $"m{i + 1}", "--data-dir", Path.Combine(_root.FullName, $"m{i + 1}"),
                "--listen-client-urls", $"http://{a}:{client}", "--advertise-client-urls", $"http://{a}:{client}",
                "--listen-peer-urls", $"http://{a}:{peer}", "--initial-advertise-peer-urls", $"http://{a}:{peer}",
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", token,
                "--log-level", "warn",
            ]));
        }

        foreach (var member in _members)
        {
            member.Start();
        }
    }

    /// <summary>Waits until every member of <paramref name="group"/> answers and names the same leader (not <paramref name="not"/>); returns its id.</summary>
    private Task<string> AgreedLeaderAsync(List<FailoverMember> group, string? not, TimeSpan timeout, string what)
    {
        var seen = new Dictionary<string, string>();
        return FailoverWait.UntilAsync(async ct =>
        {
            var statuses = await Task.WhenAll(group.Select(m => StatusAsync(m, ct)));
            string? agreed = null;
            for (var i = 0; i < group.Count; i++)
            {
                var leader = statuses[i]?.Leader;
                seen[group[i].Name] = statuses[i] is null ? "no answer" : $"leader {leader}";
                if (leader is null or "0" || leader == not || (agreed is not null && agreed != leader))
                {
                    return null;
                }

                agreed = leader;
            }

            return agreed;
        }, timeout, () => $"waiting for {what}: " + string.Join(", ", seen.Select(s => $"{s.Key}: {s.Value}")) + "\n" + string.Join("\n", group.Select(m => $"  {m.Name}:\n{m.Tail()}")));
    }

    private async Task<(string Leader, string Member)?> StatusAsync(FailoverMember member, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(new Uri(member.BaseUri, "v3/maintenance/status"), content, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            var id = json["header"]!["member_id"]!.GetValue<string>();
            member.Id = id;
            return (json["leader"]?.GetValue<string>() ?? "0", id);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
