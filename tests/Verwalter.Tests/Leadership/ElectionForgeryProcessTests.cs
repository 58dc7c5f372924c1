using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Verwalter.Tests.Cluster;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Leadership;

/// <summary>
/// Two real daemons without a cluster key on 127.0.0.1–2, and a forger socket on 127.0.0.9 that
/// sends the documented election wire format (docs/controllers/leadership.md): channel 2, then
/// <c>VE</c>, version 1, type 1 (Ping), a non-member's 16-byte id, epoch 1000 + i, flags 0.
/// </summary>
[Collection(PeersProcessCollection.Name)]
public sealed class ElectionForgeryProcessTests : IDisposable
{
    private const int Datagrams = 48;
    private const string Forged = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-forgery-");
    private readonly int _port = DaemonProcess.FreePort();

    public ElectionForgeryProcessTests() =>
        PeersDaemon.WriteTree(_root.FullName, "return { scheduler = function(input) return { writer = input.current_host } end }\n");

    [Fact]
    public async Task ForgedPings_FromANonMember_LeaderStaysLeader_EpochUnchanged_DropsCounted()
    {
        await using var one = Start(1);
        await using var two = Start(2, "--join", $"127.0.0.1:{_port}");
        PeersDaemon[] all = [one, two];
        var (leaderId, epoch) = await Eventually.WaitAsync(
            async () =>
            {
                var views = await Task.WhenAll(all.Select(d => Json(d, "/v1/election")));
                var leaders = views.Select(v => v["leader"]?.GetValue<string>()).Distinct().ToList();
                return leaders is [{ } id] && views.Count(v => v["is_leader"]!.GetValue<bool>()) == 1
                    ? Tuple.Create(id, views[0]["epoch"]!.GetValue<long>())
                    : null;
            },
            Timeout,
            "one leader followed by both nodes\n" + string.Join("\n---\n", all.Select(d => d.Output)));
        var leader = all.Single(d => d.Id == leaderId);
        var before = await DroppedAsync(leader, "non_member");

        using var forger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        forger.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
        var target = new IPEndPoint(IPAddress.Parse(leaderId == one.Id ? "127.0.0.1" : "127.0.0.2"), _port);
        for (var i = 0; i < Datagrams; i++)
        {
            await forger.SendToAsync(ForgedPing(1000 + i), target);
            var view = await Json(leader, "/v1/election");
            Assert.True(view["is_leader"]!.GetValue<bool>(), $"the leader stepped down after forged datagram {i + 1}: {view.ToJsonString()}");
            Assert.Equal(epoch, view["epoch"]!.GetValue<long>());
        }

        await Eventually.WaitAsync(async () => await DroppedAsync(leader, "non_member") >= before + Datagrams, Timeout, $"{Datagrams} non_member drops in /metrics\n{leader.Output}");
        foreach (var daemon in all)
        {
            var view = await Json(daemon, "/v1/election");
            Assert.Equal(leaderId, view["leader"]!.GetValue<string>());
            Assert.Equal(epoch, view["epoch"]!.GetValue<long>());
        }

        var status = await Json(two, "/v1/status");
        Assert.False(status["cluster_key"]!.GetValue<bool>());
        Assert.Equal(1, Occurrences(two.Output, "without --cluster-key-file"));
    }

    /// <summary>Built from the documented layout byte by byte, not with the codec under test.</summary>
    private static byte[] ForgedPing(long epoch)
    {
        var frame = new byte[1 + 4 + 16 + 8 + 1];
        frame[0] = 2; // channel: election
        frame[1] = (byte)'V';
        frame[2] = (byte)'E';
        frame[3] = 1; // version
        frame[4] = 1; // Ping
        Convert.FromHexString(Forged).CopyTo(frame, 5);
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(21), epoch);
        frame[29] = 0; // flags: no stamp
        return frame;
    }

    private static async Task<long> DroppedAsync(PeersDaemon daemon, string reason)
    {
        var prefix = $"verwalter_election_packets_dropped_total{{reason=\"{reason}\"}} ";
        var metrics = await daemon.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no {prefix.Trim()} series in /metrics");
        return (long)double.Parse(line![prefix.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Node <paramref name="n"/> with slower election timers (3–5 s timeouts, 3 s lease) than the
    /// defaults, so a scheduling stall on a loaded test machine does not cause a legitimate
    /// re-election while the test asserts that nothing moves. A forged Ping does not depend on the
    /// timers: without the gate the leader follows it at the first datagram.
    /// </summary>
    private PeersDaemon Start(int n, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in PeersDaemon.Arguments(_root.FullName, _port, n, extra))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Verwalter__Leadership__ElectionTimeoutMin"] = "00:00:03";
        info.Environment["Verwalter__Leadership__ElectionTimeoutMax"] = "00:00:05";
        info.Environment["Verwalter__Leadership__LeaderLease"] = "00:00:03";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        return new PeersDaemon(process, $"127.0.0.{n}", _port, PeersDaemon.NodeId(n));
    }

    private static async Task<JsonNode> Json(PeersDaemon daemon, string path) =>
        JsonNode.Parse(await daemon.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    public void Dispose() => _root.Delete(recursive: true);
}
