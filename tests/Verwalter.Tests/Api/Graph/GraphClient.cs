using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Verwalter.Tests.Api.Graph;

/// <summary>A minimal GraphQL WebSocket client for tests: sends JSON frames, reads them one at a time under a timeout.</summary>
internal sealed class GraphClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public string? Protocol => _socket.SubProtocol;

    public static async Task<GraphClient> ConnectAsync(int port, string protocol, CancellationToken ct)
    {
        var client = new GraphClient();
        client._socket.Options.AddSubProtocol(protocol);
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/v1/graphql"), ct);
        return client;
    }

    public Task SendAsync(JsonObject message, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>The next frame, or null when the server closed the socket.</summary>
    public async Task<JsonNode?> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }

    /// <summary>Reads frames until one satisfies <paramref name="match"/>.</summary>
    public async Task<JsonNode> ReceiveUntilAsync(Func<JsonNode, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var frame = await ReceiveAsync(ct) ?? throw new InvalidOperationException($"the server closed the socket ({_socket.CloseStatus}: {_socket.CloseStatusDescription})");
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }

        _socket.Dispose();
    }
}
