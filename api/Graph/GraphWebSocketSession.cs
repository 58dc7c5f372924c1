using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQLParser.AST;
using Verwalter.Api.Security;

namespace Verwalter.Api.Graph;

/// <summary>
/// One GraphQL WebSocket connection, in either sub-protocol: <c>graphql-transport-ws</c>
/// (connection_init/ack, ping/pong, subscribe, next, error, complete) or the legacy
/// <c>graphql-ws</c> of subscriptions-transport-ws that the original's UI speaks
/// (connection_init/ack, start, data, error, complete, stop, connection_terminate). One writer
/// sends every frame, so pushes from several subscriptions never interleave.
/// </summary>
internal sealed class GraphWebSocketSession(WebSocket socket, bool legacy, GraphRunner runner, GraphQLSerializer serializer, IServiceProvider services, string? headerToken)
{
    public const string Modern = "graphql-transport-ws";
    public const string Legacy = "graphql-ws";
    private const int MaxMessageBytes = 64 * 1024;

    private readonly Channel<string> _outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string? _token = headerToken;
    private bool _acknowledged;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteLoopAsync(session.Token);
        try
        {
            await ReadLoopAsync(session.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer went away or the host stops.
        }
        finally
        {
            lock (_lock)
            {
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Dispose();
                }

                _subscriptions.Clear();
            }

            _outgoing.Writer.TryComplete();
            await session.CancelAsync();
            try
            {
                await writer;
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Nothing more can be sent.
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > MaxMessageBytes)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxMessageBytes} bytes", ct);
                return;
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            var bytes = message.ToArray();
            message.SetLength(0);
            if (received.MessageType == WebSocketMessageType.Text && !await HandleAsync(bytes, ct))
            {
                return;
            }
        }
    }

    /// <summary>Handles one client message; false when the connection was closed for it.</summary>
    private async Task<bool> HandleAsync(byte[] bytes, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return await RefuseAsync(4400, "the message is not JSON", ct);
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            root.TryGetProperty("payload", out var payload);
            switch (type)
            {
                case "connection_init":
                    return await InitAsync(payload, ct);
                case "ping" when !legacy:
                    Send(Frame("pong", null, null));
                    return true;
                case "pong" when !legacy:
                    return true;
                case "subscribe" when !legacy:
                case "start" when legacy:
                    if (!_acknowledged)
                    {
                        return await RefuseAsync(4401, "Unauthorized: send connection_init first", ct);
                    }

                    if (id is null || payload.ValueKind != JsonValueKind.Object)
                    {
                        return await RefuseAsync(4400, $"'{type}' needs a string id and a payload object", ct);
                    }

                    bool added;
                    lock (_lock)
                    {
                        added = _subscriptions.TryAdd(id, new CancelOnDispose());
                    }

                    if (!added)
                    {
                        return await RefuseAsync(4409, $"Subscriber for {id} already exists", ct);
                    }

                    await StartAsync(id, payload, ct);
                    return true;
                case "complete" when !legacy:
                case "stop" when legacy:
                    if (id is not null)
                    {
                        Stop(id, notify: legacy);
                    }

                    return true;
                case "connection_terminate" when legacy:
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "terminated", ct);
                    return false;
                default:
                    return await RefuseAsync(4400, $"unknown message type '{type}'", ct);
            }
        }
    }

    private async Task<bool> InitAsync(JsonElement payload, CancellationToken ct)
    {
        if (_acknowledged && !legacy)
        {
            return await RefuseAsync(4429, "Too many initialisation requests", ct);
        }

        if (payload.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "authorization", "Authorization", "token" })
            {
                if (payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    var text = value.GetString();
                    _token = ApiTokenStore.ParseBearer(text) ?? text;
                    break;
                }
            }
        }

        if (runner.ReadsNeedToken && runner.CheckToken(_token) != ApiTokenCheck.Accepted)
        {
            if (legacy)
            {
                Send(Frame("connection_error", null, """{"message":"this node needs the API token: put {\"authorization\": \"Bearer <token>\"} in the connection_init payload"}"""));
            }

            return await RefuseAsync(4403, "Forbidden: the API token is missing or wrong", ct);
        }

        _acknowledged = true;
        Send(Frame("connection_ack", null, null));
        return true;
    }

    private async Task StartAsync(string id, JsonElement payload, CancellationToken ct)
    {
        GraphQLRequest? request;
        try
        {
            request = serializer.ReadNode<GraphQLRequest>(payload);
        }
        catch (JsonException ex)
        {
            Fail(id, "the payload is not a GraphQL request: " + ex.Message);
            return;
        }

        if (request is null)
        {
            Fail(id, "the payload is not a GraphQL request");
            return;
        }

        var (document, operation) = GraphRunner.Inspect(request);
        if (document is not null && operation is not null && runner.Authorize(operation, _token) != ApiTokenCheck.Accepted)
        {
            Fail(id, operation == OperationType.Mutation ? "mutations need the API token" : "this node needs the API token");
            return;
        }

        var result = await runner.ExecuteAsync(request, document, services, ct);
        if (operation != OperationType.Subscription || result.Streams is not { Count: > 0 } streams)
        {
            if (!IsActive(id))
            {
                return;
            }

            if (result.Executed)
            {
                Send(Frame(legacy ? "data" : "next", id, serializer.Serialize(result)));
                Stop(id, notify: true);
            }
            else
            {
                Fail(id, null, result);
            }

            return;
        }

        var handles = streams.Values
            .Select(stream => stream.Subscribe(new ResultObserver(
                next => Send(Frame(legacy ? "data" : "next", id, serializer.Serialize(next))),
                error => Fail(id, error.Message),
                () => Stop(id, notify: true))))
            .ToList();
        lock (_lock)
        {
            if (_subscriptions.ContainsKey(id))
            {
                _subscriptions[id] = new CompositeDisposable(handles);
                return;
            }
        }

        // Stopped while starting.
        handles.ForEach(h => h.Dispose());
    }

    private bool IsActive(string id)
    {
        lock (_lock)
        {
            return _subscriptions.ContainsKey(id);
        }
    }

    private void Stop(string id, bool notify)
    {
        IDisposable? subscription;
        lock (_lock)
        {
            if (!_subscriptions.Remove(id, out subscription))
            {
                return;
            }
        }

        subscription.Dispose();
        if (notify)
        {
            Send(Frame("complete", id, null));
        }
    }

    private void Fail(string id, string? message, ExecutionResult? result = null)
    {
        lock (_lock)
        {
            if (!_subscriptions.Remove(id, out var subscription))
            {
                return;
            }

            subscription.Dispose();
        }

        string payload;
        if (result?.Errors is { Count: > 0 } errors)
        {
            payload = legacy ? serializer.Serialize(result) : serializer.Serialize(errors);
        }
        else
        {
            var error = new ExecutionError(message ?? "the operation failed");
            payload = legacy ? serializer.Serialize(new ExecutionResult { Errors = [error], Executed = false }) : serializer.Serialize(new ExecutionErrors { error });
        }

        Send(Frame("error", id, payload));
    }

    private void Send(string frame) => _outgoing.Writer.TryWrite(frame);

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        await foreach (var frame in _outgoing.Reader.ReadAllAsync(ct))
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, ct);
        }
    }

    private async Task<bool> RefuseAsync(int code, string reason, CancellationToken ct)
    {
        await CloseAsync((WebSocketCloseStatus)code, reason, ct);
        return false;
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        _outgoing.Writer.TryComplete();
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(status, reason, ct);
        }
    }

    /// <summary>A protocol frame: <c>{"type", "id"?, "payload"?}</c> with the payload as raw JSON.</summary>
    private static string Frame(string type, string? id, string? payloadJson)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            if (payloadJson is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payloadJson, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
