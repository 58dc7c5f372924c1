using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Leadership;

/// <summary>The real daemon alone: it leads a cluster of one, serves the election and answers actions with the scheduler's reply.</summary>
public sealed class DaemonLeadershipEndToEndTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string ReplyingScheduler = """
        return {
          scheduler = function(input)
            local replies, n = {}, 0
            for id, action in pairs(input.actions) do
              n = n + 1
              replies[tostring(id)] = { doubled = (action.value or 0) * 2 }
            end
            return { actions = n, action_replies = replies }
          end
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-lead-e2e-");

    public DaemonLeadershipEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "config", "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "config", "runtime"));
        File.WriteAllText(Path.Combine(_root.FullName, "config", "scheduler", "v1", "main.lua"), ReplyingScheduler);
    }

    [Fact]
    public async Task Daemon_Alone_LeadsEpochOne_AndWaitActionGetsTheSchedulersReply()
    {
        await using var daemon = DaemonProcess.Start(
            Path.Combine(_root.FullName, "config"), Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));
        var status = await Eventually.WaitAsync(
            async () =>
            {
                var s = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"));
                return s?["schedule_id"] is not null && s["schedule_status"]?.GetValue<string>() == "ok" ? s : null;
            },
            Timeout,
            "the first schedule") ;
        Assert.Equal("0123456789abcdef0123456789abcdef", status["leader"]!["id"]!.GetValue<string>());
        Assert.Equal("StableLeader", status["fetch_state"]!["state"]!.GetValue<string>());

        var election = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/election"))!;
        Assert.True(election["is_leader"]!.GetValue<bool>());
        Assert.Equal(1, election["epoch"]!.GetValue<long>());
        var schedule = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/schedule"))!;
        Assert.Equal(1, schedule["epoch"]!.GetValue<long>());

        using var content = new StringContent("""{"value":21}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var reply = await daemon.Http.PostAsync("/v1/wait_action", content);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(42, JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["doubled"]!.GetValue<int>());
        Assert.Equal("{}", await daemon.Http.GetStringAsync("/v1/pending_actions"));

        using var redirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = daemon.Http.BaseAddress };
        using var moved = await redirect.GetAsync("/v1/leader-redirect-by-node-name/v1/status");
        Assert.Equal(HttpStatusCode.PermanentRedirect, moved.StatusCode);
        Assert.Equal($"http://alpha:{daemon.Port}/v1/status", moved.Headers.Location!.ToString());

        var metrics = await daemon.Http.GetStringAsync("/metrics");
        Assert.Contains("verwalter_leadership_is_leader 1", metrics, StringComparison.Ordinal);
        var promtool = await Api.Metrics.Promtool.CheckMetricsAsync(metrics, CancellationToken.None);
        Assert.True(promtool.ExitCode == 0, promtool.StandardOutput + promtool.StandardError);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
