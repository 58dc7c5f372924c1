using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Security;

/// <summary>State-changing routes on the daemon's real composition: POST only (405 with <c>Allow</c>), JSON bodies only (415), problem documents.</summary>
public sealed class CommandRouteTests : IAsyncLifetime
{
    public static readonly TheoryData<string> Commands = ["/v1/force_render_all", "/v1/action", "/v1/wait_action", "/add_host.json", "/add_host"];

    private InProcessDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await InProcessDaemon.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task CommandRoute_Get_Is405WithAllowPostAndAProblem(string path)
    {
        using var response = await _daemon.Http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(405, problem["status"]!.GetValue<int>());
        Assert.Contains("POST only", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task CommandRoute_HeadPutDelete_Are405(string path)
    {
        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/'));
            using var response = await _daemon.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal(["POST"], response.Content.Headers.Allow);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task CommandRoute_PostNotJson_Is415(string path)
    {
        var uri = new Uri(path.TrimStart('/'), UriKind.Relative);
        using (var plain = await _daemon.Http.PostAsync(uri, new StringContent("{\"addr\":\"127.0.0.9:1\"}", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
            Assert.Contains("text/plain", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var form = await _daemon.Http.PostAsync(uri, new FormUrlEncodedContent([new("addr", "127.0.0.9:1")])))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        }

        using (var empty = await _daemon.Http.PostAsync(uri, null))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, empty.StatusCode);
            Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ForceRenderAll_PostJson_Is202()
    {
        using var response = await _daemon.Http.PostAsync(new Uri("v1/force_render_all", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("\"ok\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddHost_PostJsonWithCharset_PassesTheMediaTypeCheck()
    {
        using var response = await _daemon.Http.PostAsync(new Uri("add_host.json", UriKind.Relative), new StringContent("{\"addr\": 5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'addr'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_StayGetOnly_AndOpenWithoutAToken()
    {
        using var status = await _daemon.Http.GetAsync(new Uri("v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var pending = await _daemon.Http.GetAsync(new Uri("v1/pending_actions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
    }
}
