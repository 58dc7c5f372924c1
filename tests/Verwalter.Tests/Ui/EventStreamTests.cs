using System.Text.Json.Nodes;
using Verwalter.Api.Hosting;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary><c>GET /v1/events/status</c>: a status event at once, and another when the schedule changes.</summary>
public sealed class EventStreamTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-events-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>A config tree whose schedule is the runtime tree, so every runtime edit makes a new schedule.</summary>
    internal static void WriteEchoTree(string config)
    {
        UiTree.Write(Path.Combine(config, "scheduler", "v1", "main.lua"), "return { scheduler = function(input) return { runtime = input.runtime }, \"echo\" end }\n");
        UiTree.Write(Path.Combine(config, "runtime", "app", "v1.yaml"), "release: 1\n");
        Directory.CreateDirectory(Path.Combine(config, "sandbox"));
        Directory.CreateDirectory(Path.Combine(config, "templates"));
    }

    [Fact]
    public async Task Events_SendStatusAtOnceAndOnEveryNewSchedule()
    {
        var config = Path.Combine(_root.FullName, "config");
        WriteEchoTree(config);
        var port = DaemonProcess.FreePort();
        var settings = new DaemonSettings(config, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"), "127.0.0.1", port, null, null);
        await using var app = DaemonHost.Build(settings, new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout };
        using var cts = new CancellationTokenSource(Timeout);

        using var response = await http.GetAsync(new Uri("/v1/events/status", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = await NextStatusAsync(reader, s => s["schedule_id"] is not null, cts.Token);
        Assert.Equal("alpha", (string?)first["hostname"]);
        var before = (string)first["schedule_id"]!;

        File.WriteAllText(Path.Combine(config, "runtime", "app", "v1.yaml"), "release: 2\n");
        var changed = await NextStatusAsync(reader, s => (string?)s["schedule_id"] is { } id && id != before, cts.Token);
        var schedule = JsonNode.Parse(await http.GetStringAsync(new Uri("/v1/schedule", UriKind.Relative), cts.Token))!;
        Assert.Equal((string?)schedule["hash"], (string?)changed["schedule_id"]);
        Assert.Equal(2, (int)schedule["data"]!["runtime"]!["app"]!["v1"]!["release"]!);
        await app.StopAsync(cts.Token);
    }

    /// <summary>Reads events until a <c>status</c> event satisfies <paramref name="want"/>.</summary>
    internal static async Task<JsonNode> NextStatusAsync(StreamReader reader, Func<JsonNode, bool> want, CancellationToken ct)
    {
        string? evt = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                evt = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && evt == "status")
            {
                var status = JsonNode.Parse(line["data: ".Length..])!;
                if (want(status))
                {
                    return status;
                }
            }
            else if (line.Length == 0)
            {
                evt = null;
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }
}
