using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Graph;

/// <summary><c>/v1/graphql</c> on the daemon's real composition and a real Kestrel: queries in the original's shape, mutations, subscriptions over real WebSockets in both sub-protocols, the token.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GraphQLEndpointsTests : IDisposable
{
    private const string Token = "graph-token-for-tests";

    private const string StatusQuery = """
        { status { version id name hostname defaultFrontend numErrors scheduleStatus
            leader { id name hostname addr schedule }
            election { isLeader isStable epoch promoting numVotesForMe neededVotes lastStableTimestamp }
            peers { number errorneous { id hostname } }
            roles { number failed }
            schedule { hash timestamp origin }
            loops { name consecutiveFailures } supervisor { mode running } } }
        """;

    // Every action's mark goes into the schedule, so an action makes a new schedule (a new hash).
    private const string MarkingScheduler = """
        return {
          scheduler = function(input)
            local marks = {}
            for id, action in pairs(input.actions) do
              marks[#marks + 1] = action.mark
            end
            table.sort(marks)
            return { marks = marks }
          end
        }
        """;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly DirectoryInfo _config = Directory.CreateTempSubdirectory("verwalter-graph-config-");

    public GraphQLEndpointsTests()
    {
        Directory.CreateDirectory(Path.Combine(_config.FullName, "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(_config.FullName, "runtime"));
        File.WriteAllText(Path.Combine(_config.FullName, "scheduler", "v1", "main.lua"), MarkingScheduler);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _config.Delete(recursive: true);
    }

    [Fact]
    public async Task Query_Status_HasTheOriginalsShapeInCamelCase()
    {
        await using var daemon = await StartAsync(token: false);
        var data = await Eventually.WaitAsync(async () =>
        {
            var reply = await PostAsync(daemon, StatusQuery);
            return reply["data"]?["status"]?["schedule"] is JsonObject ? reply : null;
        }, TimeSpan.FromSeconds(30), "a status with a schedule");

        Assert.Null(data["errors"]);
        var status = data["data"]!["status"]!;
        Assert.Equal("alpha", status["hostname"]!.GetValue<string>());
        Assert.Equal("0123456789abcdef0123456789abcdef", status["id"]!.GetValue<string>());
        Assert.Equal("common", status["defaultFrontend"]!.GetValue<string>());
        Assert.True(status["election"]!["isLeader"]!.GetValue<bool>());
        Assert.Equal(1.0, status["election"]!["epoch"]!.GetValue<double>());
        Assert.Equal("0123456789abcdef0123456789abcdef", status["leader"]!["id"]!.GetValue<string>());
        Assert.Equal("0123456789abcdef0123456789abcdef", status["schedule"]!["origin"]!.GetValue<string>());
        Assert.Equal(40, status["schedule"]!["hash"]!.GetValue<string>().Length);
        Assert.Equal(0, status["peers"]!["number"]!.GetValue<int>());
        Assert.Empty(status["peers"]!["errorneous"]!.AsArray());
        Assert.Empty(status["roles"]!["failed"]!.AsArray());
        Assert.Contains(status["loops"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "leadership");

        var statusJson = JsonNode.Parse(await daemon.Http.GetStringAsync(new Uri("v1/status", UriKind.Relative)))!;
        Assert.Equal(statusJson["version"]!.GetValue<string>(), status["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_BadDocument_Is400WithErrors_NotJson_Is415()
    {
        await using var daemon = await StartAsync(token: false);
        using var bad = await PostRawAsync(daemon, new JsonObject { ["query"] = "{ status { noSuchField } }" }.ToJsonString(), null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("noSuchField", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var plain = await daemon.Http.PostAsync(new Uri("v1/graphql", UriKind.Relative), new StringContent("""{"query":"{ status { id } }"}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }

    [Fact]
    public async Task Mutation_WithoutToken_Is401_QueryStaysOpen_WithTokenRuns()
    {
        await using var daemon = await StartAsync(token: true);
        const string mutation = """mutation { noop { ok } }""";
        using (var refused = await PostRawAsync(daemon, new JsonObject { ["query"] = mutation }.ToJsonString(), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        }

        using (var wrong = await PostRawAsync(daemon, new JsonObject { ["query"] = mutation }.ToJsonString(), "nope"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var query = await PostAsync(daemon, "{ status { hostname } }");
        Assert.Equal("alpha", query["data"]!["status"]!["hostname"]!.GetValue<string>());

        using var ok = await PostRawAsync(daemon, new JsonObject { ["query"] = mutation }.ToJsonString(), Token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["data"]!["noop"]!["ok"]!.GetValue<bool>());
        var metrics = await daemon.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"missing\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"wrong\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutation_Action_RegistersOnTheLeader()
    {
        await using var daemon = await StartAsync(token: false);
        await WaitForScheduleAsync(daemon);
        var reply = await PostAsync(daemon, """mutation($d: String!) { action(data: $d) }""", new JsonObject { ["d"] = """{"mark":"m1"}""" });
        Assert.Null(reply["errors"]);
        Assert.True(reply["data"]!["action"]!.GetValue<long>() > 0);
        var bad = await PostAsync(daemon, """mutation { action(data: "{not json") }""");
        Assert.Contains("not JSON", bad["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_TransportWs_PushesANewScheduleAfterAnAction()
    {
        await using var daemon = await StartAsync(token: false);
        var first = await WaitForScheduleAsync(daemon);
        await using var client = await GraphClient.ConnectAsync(daemon.Settings.Port, "graphql-transport-ws", _timeout.Token);
        Assert.Equal("graphql-transport-ws", client.Protocol);
        await client.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject() }, _timeout.Token);
        Assert.Equal("connection_ack", (await client.ReceiveAsync(_timeout.Token))!["type"]!.GetValue<string>());
        await client.SendAsync(new JsonObject { ["type"] = "ping" }, _timeout.Token);
        Assert.Equal("pong", (await client.ReceiveAsync(_timeout.Token))!["type"]!.GetValue<string>());

        await client.SendAsync(Subscribe("subscribe", "s1", "subscription { status { schedule { hash data } election { isLeader } } }"), _timeout.Token);
        var initial = await client.ReceiveUntilAsync(f => (string?)f["type"] == "next", _timeout.Token);
        Assert.Equal("s1", initial["id"]!.GetValue<string>());
        Assert.NotNull(initial["payload"]!["data"]!["status"]!["schedule"]!["hash"]);

        await PostActionAsync(daemon, "pushed");
        var pushed = await client.ReceiveUntilAsync(
            f => (string?)f["type"] == "next" && ((string?)f["payload"]?["data"]?["status"]?["schedule"]?["data"])?.Contains("pushed", StringComparison.Ordinal) == true,
            _timeout.Token);
        Assert.NotEqual(first, pushed["payload"]!["data"]!["status"]!["schedule"]!["hash"]!.GetValue<string>());

        await client.SendAsync(new JsonObject { ["type"] = "complete", ["id"] = "s1" }, _timeout.Token);
        await client.SendAsync(Subscribe("subscribe", "q1", "{ status { hostname } }"), _timeout.Token);
        var query = await client.ReceiveUntilAsync(f => (string?)f["id"] == "q1", _timeout.Token);
        Assert.Equal("next", query["type"]!.GetValue<string>());
        Assert.Equal("alpha", query["payload"]!["data"]!["status"]!["hostname"]!.GetValue<string>());
        Assert.Equal("complete", (await client.ReceiveUntilAsync(f => (string?)f["id"] == "q1", _timeout.Token))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscription_LegacyGraphqlWs_StartDataStop()
    {
        await using var daemon = await StartAsync(token: false);
        await WaitForScheduleAsync(daemon);
        await using var client = await GraphClient.ConnectAsync(daemon.Settings.Port, "graphql-ws", _timeout.Token);
        Assert.Equal("graphql-ws", client.Protocol);
        await client.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject() }, _timeout.Token);
        Assert.Equal("connection_ack", (await client.ReceiveAsync(_timeout.Token))!["type"]!.GetValue<string>());
        await client.SendAsync(Subscribe("start", "1", "subscription { status { schedule { data } } }"), _timeout.Token);
        var data = await client.ReceiveUntilAsync(f => (string?)f["type"] == "data", _timeout.Token);
        Assert.Equal("1", data["id"]!.GetValue<string>());

        await PostActionAsync(daemon, "legacy");
        await client.ReceiveUntilAsync(
            f => (string?)f["type"] == "data" && ((string?)f["payload"]?["data"]?["status"]?["schedule"]?["data"])?.Contains("legacy", StringComparison.Ordinal) == true,
            _timeout.Token);
        await client.SendAsync(new JsonObject { ["type"] = "stop", ["id"] = "1" }, _timeout.Token);
        await client.ReceiveUntilAsync(f => (string?)f["type"] == "complete" && (string?)f["id"] == "1", _timeout.Token);
    }

    [Fact]
    public async Task Subscription_MutationOverWebSocketWithoutToken_IsAnError_SubscribeBeforeInit_Closes4401()
    {
        await using var daemon = await StartAsync(token: true);
        await using (var client = await GraphClient.ConnectAsync(daemon.Settings.Port, "graphql-transport-ws", _timeout.Token))
        {
            await client.SendAsync(new JsonObject { ["type"] = "connection_init" }, _timeout.Token);
            await client.ReceiveAsync(_timeout.Token);
            await client.SendAsync(Subscribe("subscribe", "m", "mutation { forceRenderAll }"), _timeout.Token);
            var error = await client.ReceiveUntilAsync(f => (string?)f["id"] == "m", _timeout.Token);
            Assert.Equal("error", error["type"]!.GetValue<string>());
            Assert.Contains("API token", error["payload"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await using var early = await GraphClient.ConnectAsync(daemon.Settings.Port, "graphql-transport-ws", _timeout.Token);
        await early.SendAsync(Subscribe("subscribe", "x", "subscription { status { id } }"), _timeout.Token);
        Assert.Null(await early.ReceiveAsync(_timeout.Token));
        Assert.Equal(4401, (int)early.CloseStatus!);
    }

    [Fact]
    public async Task GraphiQL_IsASelfContainedPage()
    {
        await using var daemon = await StartAsync(token: false);
        using var response = await daemon.Http.GetAsync(new Uri("v1/graphiql", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/v1/graphql", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
    }

    private static JsonObject Subscribe(string type, string id, string query) =>
        new() { ["type"] = type, ["id"] = id, ["payload"] = new JsonObject { ["query"] = query } };

    private static async Task<string> WaitForScheduleAsync(InProcessDaemon daemon)
    {
        var reply = await Eventually.WaitAsync(async () =>
        {
            var r = await PostAsync(daemon, "{ status { schedule { hash } } }");
            return r["data"]?["status"]?["schedule"]?["hash"] is JsonValue ? r : null;
        }, TimeSpan.FromSeconds(30), "the first schedule");
        return reply["data"]!["status"]!["schedule"]!["hash"]!.GetValue<string>();
    }

    private static async Task PostActionAsync(InProcessDaemon daemon, string mark)
    {
        using var response = await daemon.Http.PostAsync(new Uri("v1/action", UriKind.Relative), new StringContent(new JsonObject { ["mark"] = mark }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonNode> PostAsync(InProcessDaemon daemon, string query, JsonObject? variables = null)
    {
        using var response = await PostRawAsync(daemon, new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(), null);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static Task<HttpResponseMessage> PostRawAsync(InProcessDaemon daemon, string body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return daemon.Http.SendAsync(request);
    }

    private Task<InProcessDaemon> StartAsync(bool token) =>
        InProcessDaemon.StartAsync((settings, state) =>
        {
            settings = settings with { ConfigDir = _config.FullName };
            if (!token)
            {
                return settings;
            }

            var file = Path.Combine(state.FullName, "token");
            File.WriteAllText(file, Token);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return settings with { ApiTokenFile = file };
        });
}
