using Verwalter.Api.Frontend;

namespace Verwalter.Tests.Ui;

/// <summary>The pure checks behind the frontend routes: raw request paths, names, hashed assets, types.</summary>
public sealed class FrontendPathTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/~app/js/main.js", true)]
    [InlineData("/roles/web%20two", true)]
    [InlineData("/common/js/app.js?x=../..", true)]
    [InlineData("/a/../b", false)]
    [InlineData("/a/./b", false)]
    [InlineData("/a/%2e%2e/b", false)]
    [InlineData("/a/%2E/b", false)]
    [InlineData("/a/..%2Fb", false)]
    [InlineData("/a/%252e%252e/b", false)]
    [InlineData("/a/%25252e%25252e/b", false)]
    [InlineData("/a/..%5Cb", false)]
    [InlineData("/a\\b", false)]
    [InlineData("/a/%00", false)]
    [InlineData("/a/..", false)]
    public void IsSafePath(string path, bool safe)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        Assert.Equal(safe, RawPath.IsSafePath(query < 0 ? path : path[..query]));
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("my-frontend_2", true)]
    [InlineData(".hidden", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("", false)]
    public void IsValidName(string name, bool valid) => Assert.Equal(valid, FrontendFolder.IsValidName(name));

    [Theory]
    [InlineData("js/app-4GJZN3OH.js", true)]
    [InlineData("css/app-JSGKHPXD.css", true)]
    [InlineData("index.html", false)]
    [InlineData("js/app.js", false)]
    [InlineData("js/app-short.js", false)]
    public void IsHashedName(string path, bool hashed) => Assert.Equal(hashed, FrontendContent.IsHashedName(path));

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("a.js", "text/javascript; charset=utf-8")]
    [InlineData("a.css", "text/css; charset=utf-8")]
    [InlineData("a.wasm", "application/wasm")]
    [InlineData("a.png", "image/png")]
    [InlineData("noext", "application/octet-stream")]
    public void ContentType(string name, string type) => Assert.Equal(type, FrontendContent.ContentType(name));
}
