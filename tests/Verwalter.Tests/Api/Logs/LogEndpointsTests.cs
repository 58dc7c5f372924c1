using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.Endpoints;
using Verwalter.Rendering.Logs;
using Verwalter.Tests.Rendering.Logs;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Logs;

public sealed class LogEndpointsTests : IAsyncLifetime, IDisposable
{
    private const string RoleLog = "0123456789abcdefghijklmnopqrstuvwxyz\n";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly TempLogDir _dir = new();
    private readonly TempLogDir _external = new();
    private readonly TempLogDir _outside = new();
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir.PathOf("web"));
        Directory.CreateDirectory(_dir.PathOf(".index"));
        await File.WriteAllTextAsync(_dir.PathOf("web/log.20260314120000.txt"), RoleLog, _timeout.Token);
        File.CreateSymbolicLink(_dir.PathOf("web/latest"), "log.20260314120000.txt");
        await File.WriteAllTextAsync(_dir.PathOf(".index/index.20260314.json"), "[\"x\"]\n", _timeout.Token);
        File.CreateSymbolicLink(_dir.PathOf(".index/latest"), "index.20260314.json");
        await File.WriteAllTextAsync(_external.PathOf("access.log"), "GET /\n", _timeout.Token);
        await File.WriteAllTextAsync(_outside.PathOf("secret.txt"), "secret\n", _timeout.Token);
        File.CreateSymbolicLink(_dir.PathOf("web/escape"), _outside.PathOf("secret.txt"));

        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddSingleton(new LogDirectories(_dir.Root, new Dictionary<string, string> { ["nginx"] = _external.Root }));
        _app = builder.Build();
        _app.MapLogEndpoints();
        await _app.StartAsync(_timeout.Token);
        _client = new HttpClient { BaseAddress = LoopbackServer.Address(_app) };
    }

    [Fact]
    public async Task Get_RoleLatest_ServesSegmentWithValidators()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/role/web/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RoleLog, await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal(LogEndpoints.TextContentType, response.Content.Headers.ContentType?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Get_IndexLatest_ServesIndexFile()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/index/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[\"x\"]\n", await response.Content.ReadAsStringAsync(_timeout.Token));
    }

    [Fact]
    public async Task Get_External_ServesOctetStream()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/external/nginx/access.log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET /\n", await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal(LogEndpoints.ExternalContentType, response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Get_SuffixRange_PartialContent()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/role/web/latest", r => r.Headers.Range = RangeHeaderValue.Parse("bytes=-10"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(RoleLog[^10..], await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal($"bytes {RoleLog.Length - 10}-{RoleLog.Length - 1}/{RoleLog.Length}", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Get_RangePastEnd_RangeNotSatisfiable()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/role/web/latest", r => r.Headers.Range = RangeHeaderValue.Parse("bytes=1000-2000"));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{RoleLog.Length}", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Get_IfNoneMatchCurrentETag_NotModified()
    {
        using var first = await Send(HttpMethod.Get, "/v1/log/role/web/latest");
        using var second = await Send(HttpMethod.Get, "/v1/log/role/web/latest", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(_timeout.Token));
    }

    [Fact]
    public async Task Get_AfterAppend_ETagChanges()
    {
        using var first = await Send(HttpMethod.Get, "/v1/log/role/web/latest");
        await File.AppendAllTextAsync(_dir.PathOf("web/latest"), "more\n", _timeout.Token);
        using var second = await Send(HttpMethod.Get, "/v1/log/role/web/latest", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.EndsWith("more\n", await second.Content.ReadAsStringAsync(_timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_RoleLatest_LengthWithoutBody()
    {
        using var response = await Send(HttpMethod.Head, "/v1/log/role/web/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RoleLog.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(_timeout.Token));
    }

    [Theory]
    [InlineData("/v1/log/role/web/missing")]
    [InlineData("/v1/log/role/web")]
    [InlineData("/v1/log/role/")]
    [InlineData("/v1/log/role/web%5Clatest")]
    [InlineData("/v1/log/index/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1/log/global/%2E%2E/web/latest")]
    [InlineData("/v1/log/external/nginx/..%2Faccess.log")]
    public async Task Get_BadOrMissingPath_NotFound(string path)
    {
        using var response = await Send(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_EncodedNul_RejectedBeforeRouting()
    {
        using var response = await Send(HttpMethod.Get, "/v1/log/role/web/latest%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/log/external/unknown/access.log")]
    [InlineData("/v1/log/role/web/escape")]
    public async Task Get_UnknownExternalOrEscapingSymlink_Forbidden(string path)
    {
        using var response = await Send(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(_timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_LogRoute_MethodNotAllowed()
    {
        using var response = await Send(HttpMethod.Post, "/v1/log/role/web/latest");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        configure?.Invoke(request);
        return await Client.SendAsync(request, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(_timeout.Token);
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
        _external.Dispose();
        _outside.Dispose();
    }
}
