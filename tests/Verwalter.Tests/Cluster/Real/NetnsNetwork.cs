using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Several "hosts" on this machine: one network namespace per node plus one that holds a bridge.
/// Node <c>i</c> (0-based) has <c>eth0</c> = 10.77.0.(i+1)/24, the other end of its veth pair
/// (<c>h{i}</c>) is a port of the bridge. Every interface lives inside a namespace of this run,
/// so nothing touches the root namespace and parallel runs cannot collide; deleting the
/// namespaces deletes the links. Needs root and iproute2.
/// </summary>
public sealed partial class NetnsNetwork : IAsyncDisposable
{
    public const string NamePrefix = "vwt-";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly List<string> _created = [];

    private NetnsNetwork(string id, int nodes)
    {
        Id = id;
        Nodes = Enumerable.Range(0, nodes).Select(i => new NetnsNode(i, $"{id}-n{i}", new IPAddress([10, 77, 0, (byte)(i + 1)]), $"h{i}")).ToList();
    }

    /// <summary>This run's prefix, <c>vwt-&lt;pid&gt;-&lt;random&gt;</c>: every namespace name starts with it.</summary>
    public string Id { get; }

    public string BridgeNamespace => $"{Id}-br";

    public IReadOnlyList<NetnsNode> Nodes { get; }

    /// <summary>Builds the bridge and one namespace per node (at most 200). Deletes what it made if a step fails.</summary>
    public static async Task<NetnsNetwork> CreateAsync(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, 200);
        EnsureUsable();
        await RemoveStaleAsync();
        var network = new NetnsNetwork($"{NamePrefix}{Environment.ProcessId}-{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6]}", nodes);
        try
        {
            await network.BuildAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command prefix that runs a program inside node <paramref name="index"/>'s namespace.</summary>
    public IReadOnlyList<string> Exec(int index) => ["ip", "netns", "exec", Nodes[index].Namespace];

    /// <summary>Takes node <paramref name="index"/>'s bridge port down: it can reach no one and no one reaches it; it can still reach itself.</summary>
    public Task CutLinkAsync(int index) => IpAsync("-n", BridgeNamespace, "link", "set", Nodes[index].BridgePort, "down");

    public Task RestoreLinkAsync(int index) => IpAsync("-n", BridgeNamespace, "link", "set", Nodes[index].BridgePort, "up");

    /// <summary>A socket created inside node <paramref name="index"/>'s namespace.</summary>
    public Socket CreateSocket(int index, SocketType type = SocketType.Stream, ProtocolType protocol = ProtocolType.Tcp) =>
        NetnsSocket.Create(Nodes[index].Namespace, type, protocol);

    /// <summary>Namespaces whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListNamespacesAsync(string prefix)
    {
        var output = await RunAsync("ip", "netns", "list");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)[0])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        var errors = new List<string>();
        foreach (var ns in Enumerable.Reverse(_created).ToList())
        {
            try
            {
                await IpAsync("netns", "delete", ns);
                _created.Remove(ns);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("could not delete network namespaces: " + string.Join("; ", errors));
        }
    }

    private async Task BuildAsync()
    {
        await AddNamespaceAsync(BridgeNamespace);
        await IpAsync("-n", BridgeNamespace, "link", "set", "lo", "up");
        await IpAsync("-n", BridgeNamespace, "link", "add", "br0", "type", "bridge");
        await IpAsync("-n", BridgeNamespace, "link", "set", "br0", "up");
        foreach (var node in Nodes)
        {
            await AddNamespaceAsync(node.Namespace);
            await IpAsync("-n", node.Namespace, "link", "set", "lo", "up");
            await IpAsync("-n", BridgeNamespace, "link", "add", node.BridgePort, "type", "veth", "peer", "name", NetnsNode.Interface, "netns", node.Namespace);
            await IpAsync("-n", BridgeNamespace, "link", "set", node.BridgePort, "master", "br0", "up");
            await IpAsync("-n", node.Namespace, "addr", "add", $"{node.Address}/24", "dev", NetnsNode.Interface);
            await IpAsync("-n", node.Namespace, "link", "set", NetnsNode.Interface, "up");
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await IpAsync("netns", "add", name);
        _created.Add(name);
    }

    private static void EnsureUsable()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("the network namespace harness needs Linux and root (it creates namespaces, a bridge and veth pairs); run the tests as root, as CI does");
        }

        if (!new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.Any(File.Exists))
        {
            throw new InvalidOperationException("the network namespace harness needs iproute2 ('ip'): apt-get install iproute2 (tests/run.sh installs it)");
        }
    }

    /// <summary>Deletes namespaces left by earlier test processes that died before their cleanup ran.</summary>
    private static async Task RemoveStaleAsync()
    {
        foreach (var ns in await ListNamespacesAsync(NamePrefix))
        {
            var match = OwnerPid().Match(ns);
            if (match.Success && int.TryParse(match.Groups[1].Value, out var pid) && !ProcessSignals.IsAlive(pid))
            {
                try
                {
                    await IpAsync("netns", "delete", ns);
                }
                catch (InvalidOperationException)
                {
                    // another run removed it first
                }
            }
        }
    }

    private static Task<string> IpAsync(params string[] args) => RunAsync("ip", args);

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' did not finish within {CommandTimeout.TotalSeconds:F0} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' exited with {process.ExitCode}: {(await stderr).Trim()}");
        }

        return await stdout;
    }

    [GeneratedRegex(@"^vwt-(\d+)-")]
    private static partial Regex OwnerPid();
}
