using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Security;

/// <summary>The API token on a real <c>verwalter daemon</c> process: 401/200, the new token after the file changes, the reads flag, the file-mode warning, nothing of the token in the log.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ApiTokenDaemonTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-token-e2e-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Daemon_TokenFile_Guards_ReloadsOnChange_WarnsWhenShared_NeverLogsIt()
    {
        var file = Path.Combine(_root.FullName, "token");
        await File.WriteAllTextAsync(file, "first-secret-4f1c\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var daemon = Start("--api-token-file", file);
        await WaitHealthyAsync(daemon);

        using (var none = await Post(daemon, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", Assert.Single(none.Headers.WwwAuthenticate).Scheme);
        }

        using (var right = await Post(daemon, "first-secret-4f1c"))
        {
            Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        }

        using (var read = await daemon.Http.GetAsync(new Uri("/v1/status", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await File.WriteAllTextAsync(file, "second-secret-9a2e\n");
        await Eventually.WaitAsync(async () =>
        {
            using var response = await Post(daemon, "second-secret-9a2e");
            return response.StatusCode == HttpStatusCode.Accepted;
        }, Timeout, "the daemon to take the new token");
        using (var old = await Post(daemon, "first-secret-4f1c"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        await Eventually.WaitAsync(() => Task.FromResult(daemon.Output.Contains("API token reloaded", StringComparison.Ordinal)), Timeout, "the reload log line");
        Assert.Contains("mode 644", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("first-secret-4f1c", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret-9a2e", daemon.Output, StringComparison.Ordinal);
        var metrics = await daemon.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"missing\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"wrong\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_ProtectsReads_ClosesReads_ProbesStayOpen()
    {
        var file = Path.Combine(_root.FullName, "token");
        await File.WriteAllTextAsync(file, "reads-secret");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var daemon = Start("--api-token-file", file, "--api-token-protects-reads");
        await WaitHealthyAsync(daemon);

        using (var status = await daemon.Http.GetAsync(new Uri("/v1/status", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        }

        using (var withToken = new HttpRequestMessage(HttpMethod.Get, "/v1/status") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "reads-secret") } })
        using (var status = await daemon.Http.SendAsync(withToken))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        using var readyz = await daemon.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.Unauthorized, readyz.StatusCode);
        Assert.DoesNotContain("mode 6", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_EmptyTokenFile_ExitsWithAConfigErrorNamingTheFile()
    {
        var file = Path.Combine(_root.FullName, "empty-token");
        await File.WriteAllTextAsync(file, "\n");
        await using var daemon = Start("--api-token-file", file);
        await Eventually.WaitAsync(() => Task.FromResult(daemon.HasExited), Timeout, "the daemon to exit");
        Assert.Equal(3, await daemon.TerminateAsync(Timeout));
        Assert.Contains(file, daemon.Output, StringComparison.Ordinal);
        Assert.Contains("empty", daemon.Output, StringComparison.Ordinal);
    }

    private DaemonProcess Start(params string[] extra) =>
        DaemonProcess.Start(Path.Combine(RepositoryPaths.Examples, "minimal"), Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"), extra);

    private static Task WaitHealthyAsync(DaemonProcess daemon) =>
        Eventually.WaitAsync(async () =>
        {
            using var response = await daemon.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, Timeout, "/healthz");

    private static Task<HttpResponseMessage> Post(DaemonProcess daemon, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/force_render_all") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return daemon.Http.SendAsync(request);
    }
}
