using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Verwalter.Benchmarks;

/// <summary>
/// The verwalter side of the failover benchmark: 5 real daemons on 127.0.2.x (one port, nodes
/// 2..5 join node 1), a shared config dir whose scheduler puts one role on every node and whose
/// template is installed per node under <c>out/&lt;node&gt;/app.conf</c>. Measures, per trial,
/// kill -9 of the leader → the 4 others agree on a new leader, and → the first schedule whose
/// origin is the new leader; then runtime change → rendered on all 5 nodes; then kill -9 of a
/// follower → the leader's gossip calls it dead, and → the leader's schedule leaves it out (the
/// scheduler lists the alive peers, and a membership change runs it at once).
/// </summary>
internal sealed class FailoverVerwalter : IDisposable
{
    private const int Nodes = 5;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-bench-failover-");
    private readonly List<FailoverMember> _members = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The trials finished so far, so a run that fails part-way still reports what it measured.</summary>
    public FailoverVerwalterResult Completed { get; private set; } = FailoverVerwalterResult.Empty;

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string OutDir => Path.Combine(_root.FullName, "out");

    public async Task<FailoverVerwalterResult> RunAsync(int trials, int changes, TimeSpan timeout)
    {
        await EnsureJoinSupportedAsync();
        WriteConfig(0);
        Start();
        var elect = new double[trials];
        var schedule = new double[trials];
        for (var t = 0; t < trials; t++)
        {
            var leaderId = await AgreedLeaderAsync(_members, null, timeout, "all 5 daemons to agree on a leader");
            var leader = _members.Single(m => m.Id == leaderId);
            var rest = _members.Where(m => m != leader).ToList();
            var started = Stopwatch.GetTimestamp();
            leader.KillHard();
            var newLeaderId = await AgreedLeaderAsync(rest, leaderId, timeout, $"the 4 daemons left after killing {leader.Name} to agree on a new leader");
            elect[t] = FailoverWait.Milliseconds(started);
            var newLeader = rest.Single(m => m.Id == newLeaderId);
            await FailoverWait.UntilAsync(async ct => await GetAsync(newLeader, FailoverFields.SchedulePath, ct) is { } s && FailoverFields.ScheduleOrigin(s) == newLeaderId ? s : null,
                timeout, () => $"a schedule made by the new leader {newLeader.Name} ({newLeaderId})\n{newLeader.Tail()}");
            schedule[t] = FailoverWait.Milliseconds(started);
            Completed = new FailoverVerwalterResult(elect[..(t + 1)], schedule[..(t + 1)], [], [], []);
            Console.Error.WriteLine($"  verwalter trial {t + 1}/{trials}: killed {leader.Name}; new leader {newLeader.Name} agreed after {elect[t]:F0} ms, its first schedule after {schedule[t]:F0} ms");
            leader.Start();
        }

        await AgreedLeaderAsync(_members, null, timeout, "all 5 daemons to agree on a leader before the runtime changes");
        var applied = new double[changes];
        for (var c = 1; c <= changes; c++)
        {
            var expected = $"value={c}\n";
            var started = Stopwatch.GetTimestamp();
            WriteRuntime(c);
            await FailoverWait.UntilAsync(_ => Task.FromResult(AllApplied(expected) ? "" : null), timeout,
                () => $"value={c} rendered on all nodes; now: " + string.Join(", ", Enumerable.Range(1, Nodes).Select(i => $"node-{i}: {Read(i)?.Trim() ?? "nothing"}")));
            applied[c - 1] = FailoverWait.Milliseconds(started);
        }

        var (detected, moved) = await FollowerTrialsAsync(trials, timeout);
        return new FailoverVerwalterResult(elect, schedule, applied, detected, moved);
    }

    /// <summary>Kills a follower (a different one each trial) and times the leader noticing: its peers list, then its schedule.</summary>
    private async Task<(double[] Detected, double[] Moved)> FollowerTrialsAsync(int trials, TimeSpan timeout)
    {
        var detected = new double[trials];
        var moved = new double[trials];
        for (var t = 0; t < trials; t++)
        {
            var leaderId = await AgreedLeaderAsync(_members, null, timeout, "all 5 daemons to agree on a leader before killing a follower");
            var leader = _members.Single(m => m.Id == leaderId);
            var followers = _members.Where(m => m != leader).ToList();
            var victim = followers[t % followers.Count];
            await FailoverWait.UntilAsync(async ct => await GetAsync(leader, FailoverFields.SchedulePath, ct) is { } s && FailoverFields.AlivePeers(s).Contains(victim.Name) && FailoverFields.AlivePeers(s).Count == Nodes - 1 ? s : null,
                timeout, () => $"a schedule of {leader.Name} listing all {Nodes - 1} followers alive\n{leader.Tail()}");
            var started = Stopwatch.GetTimestamp();
            victim.KillHard();
            var seenDead = Task.Run(async () =>
            {
                await FailoverWait.UntilAsync(async ct => await GetAsync(leader, FailoverFields.PeersPath, ct) is { } p && FailoverFields.PeerState(p, victim.Id!) is "dead" or "suspect" ? p : null,
                    timeout, () => $"{leader.Name} to call {victim.Name} suspect or dead");
                return FailoverWait.Milliseconds(started);
            });
            await FailoverWait.UntilAsync(async ct => await GetAsync(leader, FailoverFields.SchedulePath, ct) is { } s && !FailoverFields.AlivePeers(s).Contains(victim.Name) ? s : null,
                timeout, () => $"a schedule of {leader.Name} without the killed {victim.Name}\n{leader.Tail()}");
            moved[t] = FailoverWait.Milliseconds(started);
            detected[t] = await seenDead;
            Console.Error.WriteLine($"  verwalter follower trial {t + 1}/{trials}: killed {victim.Name}; leader {leader.Name} saw it suspect/dead after {detected[t]:F0} ms, scheduled without it after {moved[t]:F0} ms");
            victim.Start();
        }

        return (detected, moved);
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

    private static async Task EnsureJoinSupportedAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { VerwalterDll, "daemon", "--help" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var help = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (!help.Contains("--join", StringComparison.Ordinal))
        {
            throw new FailoverException("this build's 'verwalter daemon' has no --join option: peer discovery is not in this build, so 5 daemons cannot form one cluster");
        }
    }

    private static string VerwalterDll => Path.Combine(AppContext.BaseDirectory, "verwalter.dll");

    private void Start()
    {
        var addresses = Enumerable.Range(0, Nodes).Select(i => FailoverPorts.Address(2, i)).ToList();
        var port = FailoverPorts.Free(addresses, 1)[0].ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < Nodes; i++)
        {
            var name = $"node-{i + 1}";
            var dir = Path.Combine(_root.FullName, name);
            List<string> command =
            [
                "dotnet", VerwalterDll, "daemon", "--config-dir", ConfigDir,
                "--storage-dir", Path.Combine(dir, "storage"), "--log-dir", Path.Combine(dir, "log"),
                "--host", addresses[i].ToString(), "--port", port, "--hostname", name,
                "--override-machine-id", (i + 1).ToString("x32", CultureInfo.InvariantCulture),
            ];
            if (i > 0)
            {
                command.AddRange(["--join", $"{addresses[0]}:{port}"]);
            }

            _members.Add(new FailoverMember(name, new Uri($"http://{addresses[i]}:{port}/"), command));
        }

        foreach (var member in _members)
        {
            member.Start();
        }
    }

    /// <summary>Waits until every node of <paramref name="group"/> answers and names the same leader (not <paramref name="not"/>); returns its id.</summary>
    private Task<string> AgreedLeaderAsync(List<FailoverMember> group, string? not, TimeSpan timeout, string what)
    {
        var seen = new Dictionary<string, string>();
        return FailoverWait.UntilAsync(async ct =>
        {
            var statuses = await Task.WhenAll(group.Select(m => GetAsync(m, FailoverFields.StatusPath, ct)));
            var leaders = new string?[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                var status = statuses[i];
                group[i].Id ??= status is null ? null : FailoverFields.NodeId(status);
                leaders[i] = status is null ? null : FailoverFields.LeaderId(status);
                seen[group[i].Name] = status is null ? "no answer" : $"leader {leaders[i] ?? "none"}, epoch {FailoverFields.Epoch(status)?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            }

            var agreed = leaders[0];
            if (agreed is null || agreed == not || leaders.Any(l => l != agreed))
            {
                return null;
            }

            return agreed;
        }, timeout, () => $"no leader: waiting for {what}; each node says: " + string.Join("; ", seen.Select(s => $"{s.Key}: {s.Value}"))
            + "\n" + string.Join("\n", group.Select(m => $"  {m.Name}:\n{m.Tail()}")));
    }

    private async Task<JsonNode?> GetAsync(FailoverMember member, string path, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(member.BaseUri, path), ct);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private bool AllApplied(string expected) => Enumerable.Range(1, Nodes).All(i => Read(i) == expected);

    private string? Read(int node)
    {
        try
        {
            return File.ReadAllText(Path.Combine(OutDir, $"node-{node}", "app.conf"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void WriteConfig(int value)
    {
        var hosts = string.Join(", ", Enumerable.Range(1, Nodes).Select(i => $"\"node-{i}\""));
        Write("scheduler/v1/main.lua", $$"""
            return { scheduler = function(input)
              local value = input.runtime.app and input.runtime.app.value or 0
              local nodes = {}
              for _, host in ipairs({ {{hosts}} }) do nodes[host] = { roles = { app = {} } } end
              local alive = {}
              for _, peer in pairs(input.peers) do
                if peer.state == "alive" then alive[#alive + 1] = peer.hostname end
              end
              table.sort(alive)
              return { roles = { app = { template = "app/v1", value = value } }, nodes = nodes, alive = alive }
            end }
            """);
        Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.hbs\n  install: install.sh.hbs\ncommands:\n- !Cmd [sh, \"{{ files.install }}\", \"{{ files.main }}\"]\n");
        Write("templates/app/v1/main.hbs", "value={{ value }}\n");
        Write("templates/app/v1/install.sh.hbs", $"set -e\nmkdir -p {OutDir}/{{{{ node }}}}\ncp \"$1\" {OutDir}/{{{{ node }}}}/app.conf.tmp\nmv {OutDir}/{{{{ node }}}}/app.conf.tmp {OutDir}/{{{{ node }}}}/app.conf\n");
        Directory.CreateDirectory(Path.Combine(ConfigDir, "sandbox"));
        WriteRuntime(value);
    }

    private void WriteRuntime(int value) => Write("runtime/app.yaml", $"value: {value}\n");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(ConfigDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
