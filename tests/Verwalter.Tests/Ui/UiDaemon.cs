using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary>What the browser tests ask of the real daemon behind the page.</summary>
internal static class UiDaemon
{
    private static readonly TimeSpan RolesTimeout = TimeSpan.FromSeconds(45);

    public static string Url(DaemonProcess daemon, string path) => $"http://127.0.0.1:{daemon.Port}{path}";

    public static async Task<string?> ScheduleIdAsync(DaemonProcess daemon) =>
        (string?)JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))!["schedule_id"];

    /// <summary>Waits until the realistic example's three roles were applied (fails early when the daemon exited).</summary>
    public static Task WaitForRolesAsync(DaemonProcess daemon) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var status = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))!;
            return status["role_states"]!.AsArray().Count == 3;
        }, RolesTimeout, "the three roles of the realistic example applied");
}
