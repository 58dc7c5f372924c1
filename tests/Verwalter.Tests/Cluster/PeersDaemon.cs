using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cluster;

/// <summary>A real daemon process on one loopback address, with a client for its HTTP API; killed on dispose.</summary>
internal sealed class PeersDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public PeersDaemon(Process process, string host, int port, string id)
    {
        _process = process;
        Id = id;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host}:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Id { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task<JsonArray> PeersAsync() =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri("/v1/peers", UriKind.Relative)))!.AsArray();

    public Task WaitForPeersAsync(Func<JsonArray, bool> condition, string what, TimeSpan timeout) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(_process.HasExited, "daemon exited:\n" + Output);
            return condition(await PeersAsync());
        }, timeout, $"{what} on {Http.BaseAddress}\n{Output}");

    /// <summary>SIGKILL, as a crashed host.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
