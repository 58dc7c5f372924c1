using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Verwalter.Api.Cli;

/// <summary>
/// What <c>verwalter up</c> starts: node <c>i</c> (1-based) listens on <c>127.0.0.i</c> at the same
/// port as every other node (the cluster protocol sends to each peer's address at our own
/// port, spec §7.1), keeps its storage and logs under <c>&lt;work&gt;/node-i/</c>, and nodes
/// 2..N join node 1; every node gets the same cluster key file when one is given. Pure: no files, no processes.
/// </summary>
internal static class UpPlan
{
    public const int MaxNodes = 254;
    public const string JoinOption = "--join";

    /// <param name="clusterKeyFile">Passed to every node as <c>--cluster-key-file</c>; null for none.</param>
    public static IReadOnlyList<UpNode> Build(int nodes, int port, string configDir, string workDir, bool joinSupported, IReadOnlyList<string>? extraArgs = null, string? clusterKeyFile = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, MaxNodes);
        var list = new List<UpNode>(nodes);
        var first = new IPEndPoint(Address(1), port);
        for (var i = 1; i <= nodes; i++)
        {
            var name = $"node-{i}";
            var dir = Path.Combine(workDir, name);
            var address = Address(i);
            var machineId = MachineId(workDir, i);
            var args = DaemonArgs(configDir, dir, new IPEndPoint(address, port), name, machineId, i > 1 && joinSupported ? [first] : []).ToList();
            if (clusterKeyFile is not null)
            {
                args.AddRange([UpClusterKey.Option, clusterKeyFile]);
            }

            args.AddRange(extraArgs ?? []);
            list.Add(new UpNode(i, name, new IPEndPoint(address, port), machineId, dir, Path.Combine(dir, "daemon.log"), args));
        }

        return list;
    }

    /// <summary>The <c>verwalter daemon</c> arguments for one node whose storage and logs live under <paramref name="nodeDir"/>.</summary>
    public static IReadOnlyList<string> DaemonArgs(string configDir, string nodeDir, IPEndPoint endpoint, string hostname, string machineId, IEnumerable<IPEndPoint> join)
    {
        var args = new List<string>
        {
            "daemon",
            "--config-dir", configDir,
            "--storage-dir", Path.Combine(nodeDir, "storage"),
            "--log-dir", Path.Combine(nodeDir, "log"),
            "--host", endpoint.Address.ToString(),
            "--port", endpoint.Port.ToString(CultureInfo.InvariantCulture),
            "--hostname", hostname,
            "--override-machine-id", machineId,
        };
        foreach (var peer in join)
        {
            args.Add(JoinOption);
            args.Add(peer.ToString());
        }

        return args;
    }

    /// <summary>Node <paramref name="index"/> (1-based) is <c>127.0.0.index</c>; Linux routes all of 127/8 to lo.</summary>
    public static IPAddress Address(int index) => new([127, 0, 0, (byte)index]);

    /// <summary>
    /// A 32-hex-digit id that is stable for the same work dir and node (so a second <c>up</c>
    /// finds the same nodes in storage) and differs between work dirs.
    /// </summary>
    public static string MachineId(string workDir, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Path.GetFullPath(workDir)}\n{index}"));
        return Convert.ToHexStringLower(hash)[..32];
    }
}
