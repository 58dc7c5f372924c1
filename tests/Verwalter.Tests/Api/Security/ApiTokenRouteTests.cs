using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Security;

/// <summary>The API token on the daemon's real composition: 401 before 405/415/400, reads open by default, closed by the reads flag except the probes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ApiTokenRouteTests
{
    private const string Token = "s3cret-token-for-tests";

    [Fact]
    public async Task Command_WithoutToken_Is401BeforeMethodMediaTypeAndBodyChecks()
    {
        await using var daemon = await StartAsync(protectsReads: false);
        using (var get = await daemon.Http.GetAsync(new Uri("v1/force_render_all", UriKind.Relative)))
        {
            AssertUnauthorized(get);
        }

        using (var plain = await daemon.Http.PostAsync(new Uri("v1/action", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain")))
        {
            AssertUnauthorized(plain);
        }

        using (var badBody = await daemon.Http.PostAsync(new Uri("add_host.json", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json")))
        {
            AssertUnauthorized(badBody);
            Assert.Equal("application/problem+json", badBody.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(Token, await badBody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Command_WrongToken_Is401AndCounted_RightTokenPasses()
    {
        await using var daemon = await StartAsync(protectsReads: false);
        using (var wrong = await Send(daemon, HttpMethod.Post, "v1/force_render_all", "not-the-token", json: true))
        {
            AssertUnauthorized(wrong);
            Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var right = await Send(daemon, HttpMethod.Post, "v1/force_render_all", Token, json: true))
        {
            Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        }

        using (var rightButGet = await Send(daemon, HttpMethod.Get, "v1/force_render_all", Token, json: false))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, rightButGet.StatusCode);
        }

        using (var rightButPlain = await daemon.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/action")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
            Content = new StringContent("{}", Encoding.UTF8, "text/plain"),
        }))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, rightButPlain.StatusCode);
        }

        var metrics = await daemon.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"wrong\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("verwalter_api_token_rejected_total{reason=\"missing\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_ByDefault_AreOpen()
    {
        await using var daemon = await StartAsync(protectsReads: false);
        using var status = await daemon.Http.GetAsync(new Uri("v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var metrics = await daemon.Http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using var unknown = await daemon.Http.GetAsync(new Uri("v1/no-such-route", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Reads_WithProtectsReads_Need401ButTheProbesStayOpen()
    {
        await using var daemon = await StartAsync(protectsReads: true);
        foreach (var path in new[] { "v1/status", "v1/peers", "metrics", "v1/no-such-route", "all_peers.json" })
        {
            using var response = await daemon.Http.GetAsync(new Uri(path, UriKind.Relative));
            AssertUnauthorized(response);
        }

        using (var status = await Send(daemon, HttpMethod.Get, "v1/status", Token, json: false))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        using (var healthz = await daemon.Http.GetAsync(new Uri("healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        using var readyz = await daemon.Http.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.Unauthorized, readyz.StatusCode);
    }

    [Fact]
    public async Task Reads_WithProtectsReads_TheUiShellAndGraphiQLPageStayOpen_TheirDataDoesNot()
    {
        await using var daemon = await StartAsync(protectsReads: true);
        foreach (var path in new[] { "", "peers", "roles/web", "common/", "v1/graphiql" })
        {
            using var response = await daemon.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        foreach (var path in new[] { "v1/events/status", "v1/shadow", "v1/wasm/scheduler.wasm", "v1/no-such-page" })
        {
            using var response = await daemon.Http.GetAsync(new Uri(path, UriKind.Relative));
            AssertUnauthorized(response);
        }

        using var post = await daemon.Http.PostAsync(new Uri("peers", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        AssertUnauthorized(post);
    }

    private static void AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    private static Task<HttpResponseMessage> Send(InProcessDaemon daemon, HttpMethod method, string path, string token, bool json)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        if (json)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return daemon.Http.SendAsync(request);
    }

    private static Task<InProcessDaemon> StartAsync(bool protectsReads) =>
        InProcessDaemon.StartAsync((settings, state) =>
        {
            var file = Path.Combine(state.FullName, "token");
            File.WriteAllText(file, Token + "\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return settings with { ApiTokenFile = file, ApiTokenProtectsReads = protectsReads };
        });
}
