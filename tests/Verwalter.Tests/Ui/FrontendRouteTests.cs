using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Verwalter.Tests.Ui;

/// <summary>The original's frontend routes, their headers, and path escapes (docs/ui.md#routes).</summary>
public sealed partial class FrontendRouteTests(UiRouteFixture fixture) : IClassFixture<UiRouteFixture>
{
    private HttpClient Http => fixture.Http;

    [Theory]
    [InlineData("/")]
    [InlineData("/peers")]
    [InlineData("/roles/web")]
    [InlineData("/logs/web")]
    [InlineData("/schedule")]
    [InlineData("/common/")]
    [InlineData("/common/index.html")]
    public async Task PageRoutes_AnswerTheEmbeddedIndexUncached(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache, "index.html must be revalidated");
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches(ScriptTag(), html);
    }

    [Fact]
    public async Task HashedAssets_AreLongCachedTypedAndAnswer304ForTheirETag()
    {
        var html = await Http.GetStringAsync(new Uri("/", UriKind.Relative));
        var js = ScriptTag().Match(html).Groups[1].Value;
        var css = CssTag().Match(html).Groups[1].Value;

        using var script = await Http.GetAsync(new Uri(js, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), script.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", script.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1000);

        using var style = await Http.GetAsync(new Uri(css, UriKind.Relative));
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(js, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/favicon.ico")]
    [InlineData("/common/js/no-such.js")]
    [InlineData("/common/nothing")]
    [InlineData("/~nosuch/")]
    [InlineData("/~nosuch/js/a.js")]
    [InlineData("/~app/js/missing.js")]
    [InlineData("/~app/js/.hidden.js")]
    [InlineData("/v1/wasm/query.wasm")]
    [InlineData("/v1/wasm/other.wasm")]
    public async Task MissingFiles_Are404(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownApiRoute_StaysAnApi404NotTheIndex()
    {
        using var response = await Http.GetAsync(new Uri("/v1/no-such-route", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/~app/")]
    [InlineData("/~app")]
    [InlineData("/~app/settings/deep/link")]
    [InlineData("/~app/js")]
    public async Task NamedFrontend_PagePaths_AnswerItsIndex(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UiRouteFixture.AppIndex, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/~app/js/main.js", "text/javascript", "console.log")]
    [InlineData("/~app/css/main.css", "text/css", "color: red")]
    [InlineData("/~app/img/logo.svg", "image/svg+xml", "<svg")]
    [InlineData("/~app/fonts/a.woff2", "font/woff2", "font")]
    public async Task NamedFrontend_Assets_AreServedWithTheirTypeAndValidators(string path, string type, string content)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfModifiedSince = response.Content.Headers.LastModified;
        using var notModified = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task WasmScheduler_IsServedFromTheSchedulerFolder()
    {
        using var response = await Http.GetAsync(new Uri("/v1/wasm/scheduler.wasm", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 }, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PageRoute_Post_Is405()
    {
        using var response = await Http.PostAsync(new Uri("/peers", UriKind.Relative), new StringContent("{}", MediaTypeHeaderValue.Parse("application/json")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task PostOnlyApiRoute_Get_Is405NotAPage()
    {
        using var response = await Http.GetAsync(new Uri("/add_host", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("/~app/js/../../../secret.txt")]
    [InlineData("/~app/js/../../../../etc/passwd")]
    [InlineData("/common/../../etc/passwd")]
    [InlineData("/~app/js/%2e%2e/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/~app/js/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt")]
    [InlineData("/~app/js/..%2f..%2f..%2fsecret.txt")]
    [InlineData("/~app/js/%252e%252e/%252e%252e/secret.txt")]
    [InlineData("/~app/js/..%5c..%5csecret.txt")]
    [InlineData("/~%2e%2e/secret.txt")]
    [InlineData("/~../secret.txt")]
    [InlineData("/~app/js/escape.js")]
    [InlineData("/~app/img/up/secret.txt")]
    [InlineData("/v1/wasm/..%2f..%2f..%2fsecret.txt")]
    [InlineData("/./~app/js/main.js")]
    public async Task PathEscapes_Are404AndNeverShowTheFile(string target)
    {
        var (status, _, body) = await RawHttp.GetAsync(fixture.Port, target);

        Assert.Equal(404, status);
        Assert.DoesNotContain("SECRET-OUTSIDE", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NulByte_IsRefusedBeforeAnyFileIsLookedUp()
    {
        var (status, _, body) = await RawHttp.GetAsync(fixture.Port, "/~app/js/main.js%00.html");
        Assert.Equal(400, status);
        Assert.DoesNotContain("console.log", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawTarget_InsideItsFolder_IsServed()
    {
        var (status, head, body) = await RawHttp.GetAsync(fixture.Port, "/~app/js/main.js");
        Assert.Equal(200, status);
        Assert.Contains("console.log", body, StringComparison.Ordinal);
        Assert.Contains("X-Content-Type-Options: nosniff", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Head_AnswersHeadersWithoutBody()
    {
        var (status, head, body) = await RawHttp.GetAsync(fixture.Port, "/roles", "HEAD");
        Assert.Equal(200, status);
        Assert.Contains("Content-Type: text/html", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", body);
    }

    [GeneratedRegex("<script type=\"module\" src=\"(/common/js/app-[A-Z0-9]{8}\\.js)\"></script>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/common/css/app-[A-Z0-9]{8}\\.css)\">")]
    private static partial Regex CssTag();
}
