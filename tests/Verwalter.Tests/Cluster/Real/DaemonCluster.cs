using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Api.Cli;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// N real <c>verwalter daemon</c> processes, on loopback addresses or in network namespaces,
/// each with its own temp storage and log dirs and a shared config dir. Waits poll HTTP JSON
/// with a timeout and fail with every node's state and last output lines. Dispose always kills
/// every process, deletes the namespaces and the temp dirs, even after a failed test.
/// </summary>
public sealed class DaemonCluster : IAsyncDisposable
{
    public const int MaxNodes = 20;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly DirectoryInfo _root;
    private readonly List<DaemonNode> _nodes = [];

    private DaemonCluster(DirectoryInfo root, NetnsNetwork? network)
    {
        _root = root;
        Network = network;
    }

    public IReadOnlyList<DaemonNode> Nodes => _nodes;

    public DaemonNode this[int index] => _nodes[index];

    /// <summary>The namespaces and bridge, when started with <see cref="ClusterNetworkKind.Namespaces"/>.</summary>
    public NetnsNetwork? Network { get; }

    /// <summary>Whether nodes 2..N were told to join node 1.</summary>
    public bool Joined { get; private set; }

    public static async Task<DaemonCluster> StartAsync(DaemonClusterOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Nodes, MaxNodes);
        var network = options.Network == ClusterNetworkKind.Namespaces ? await NetnsNetwork.CreateAsync(options.Nodes) : null;
        var cluster = new DaemonCluster(Directory.CreateTempSubdirectory("verwalter-cluster-"), network);
        try
        {
            cluster.Create(options);
            foreach (var node in cluster._nodes)
            {
                node.Start();
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task KillHardAsync(int index) => _nodes[index].KillHardAsync();

    public Task StopAsync(int index) => _nodes[index].StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>Starts node <paramref name="index"/> again with the same arguments and storage (stopping it first if it runs).</summary>
    public async Task RestartAsync(int index)
    {
        await StopAsync(index);
        _nodes[index].Start();
    }

    public Task CutLinkAsync(int index) => RequireNetwork().CutLinkAsync(index);

    public Task RestoreLinkAsync(int index) => RequireNetwork().RestoreLinkAsync(index);

    /// <summary>GET a JSON document from node <paramref name="index"/>; null on a non-2xx answer.</summary>
    public async Task<JsonNode?> GetJsonAsync(int index, string path, CancellationToken ct = default)
    {
        using var response = await _nodes[index].Http.GetAsync(path.TrimStart('/'), ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) : null;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 100 ms until it holds. HTTP and I/O errors count as
    /// "not yet" (nodes start, die and come back in these tests). Throws a <see cref="TimeoutException"/>
    /// naming <paramref name="what"/>, the last error and every node's state and last lines.
    /// </summary>
    public async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                if (await condition(cts.Token))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or System.Text.Json.JsonException or System.Net.Sockets.SocketException)
            {
                last = ex;
            }

            try
            {
                await Task.Delay(PollInterval, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}"
            + (last is null ? "" : $" (last error: {last.GetType().Name}: {last.Message})") + "\n" + Describe());
    }

    /// <summary>Waits until node <paramref name="index"/> serves <paramref name="path"/> with a document that satisfies <paramref name="test"/>.</summary>
    public async Task<JsonNode> WaitForJsonAsync(int index, string path, Func<JsonNode, bool> test, TimeSpan timeout, string what)
    {
        JsonNode? found = null;
        await WaitUntilAsync(async ct =>
        {
            var doc = await GetJsonAsync(index, path, ct);
            found = doc is not null && test(doc) ? doc : null;
            return found is not null;
        }, timeout, $"{_nodes[index].Name} {path}: {what}");
        return found!;
    }

    /// <summary>Waits until every running node answers <c>/readyz</c> with 200.</summary>
    public Task WaitAllReadyAsync(TimeSpan timeout) =>
        WaitUntilAsync(async ct =>
        {
            foreach (var node in _nodes)
            {
                if (!node.IsRunning)
                {
                    throw new InvalidOperationException($"{node.Name} exited with code {node.ExitCode} before it was ready\n{Describe()}");
                }

                using var response = await node.Http.GetAsync("readyz", ct);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }

            return true;
        }, timeout, "every node to answer /readyz");

    /// <summary>Every node's state and its last 30 output lines, for failure messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var node in _nodes)
        {
            var state = node.IsRunning ? $"running, pid {node.Pid}" : node.Pid == 0 ? "never started" : $"exited with code {node.ExitCode}";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"--- {node.Name} {node.Endpoint} ({state}):\n{node.OutputTail(30)}\n");
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        await Task.WhenAll(_nodes.Select(async n =>
        {
            try
            {
                await n.DisposeAsync();
            }
            catch (Exception ex)
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        }));
        try
        {
            if (Network is not null)
            {
                await Network.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            errors.Add(ex);
        }

        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a dying process; the temp dir is cleaned later
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("cluster cleanup failed", errors);
        }
    }

    private void Create(DaemonClusterOptions options)
    {
        Joined = options.Join ?? UpExecutable.DaemonSupports(UpPlan.JoinOption);
        IReadOnlyList<IPEndPoint> endpoints;
        if (Network is { } network)
        {
            endpoints = network.Nodes.Select(n => new IPEndPoint(n.Address, 8379)).ToList();
        }
        else
        {
            var block = (byte)Random.Shared.Next(1, 255);
            var addresses = Enumerable.Range(0, options.Nodes).Select(i => new IPAddress([127, 77, block, (byte)(i + 1)])).ToList();
            var port = DaemonNode.FreeLoopbackPort(addresses);
            endpoints = addresses.Select(a => new IPEndPoint(a, port)).ToList();
        }

        for (var i = 0; i < options.Nodes; i++)
        {
            var name = $"node-{i + 1}";
            var dir = Path.Combine(_root.FullName, name);
            Directory.CreateDirectory(dir);
            var machineId = UpPlan.MachineId(_root.FullName, i + 1);
            var join = i > 0 && Joined ? new[] { endpoints[0] } : [];
            var args = UpPlan.DaemonArgs(options.ConfigDir, dir, endpoints[i], name, machineId, join).Concat(options.ExtraArgs?.Invoke(i) ?? []);
            IEnumerable<string> command = ["dotnet", DaemonProcess.VerwalterDll, .. args];
            if (Network is not null)
            {
                command = Network.Exec(i).Concat(command);
            }

            _nodes.Add(new DaemonNode(i, name, endpoints[i], machineId, dir, command.ToList(), Network));
        }
    }

    private NetnsNetwork RequireNetwork() =>
        Network ?? throw new InvalidOperationException("links can only be cut in a cluster started with ClusterNetworkKind.Namespaces");
}
