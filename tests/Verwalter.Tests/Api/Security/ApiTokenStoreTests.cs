using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Api.Security;

namespace Verwalter.Tests.Api.Security;

/// <summary>The token store alone: parsing, constant-time check, reload on change, last good token kept, the file-mode warning.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ApiTokenStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-token-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc ", "abc")]
    [InlineData("Basic abc", null)]
    [InlineData("Bearer ", null)]
    [InlineData(null, null)]
    public void ParseBearer_Header_GivesTheToken(string? header, string? expected) =>
        Assert.Equal(expected, ApiTokenStore.ParseBearer(header));

    [Fact]
    public void Check_RightWrongMissing()
    {
        var store = new ApiTokenStore(Write("token", "first\n"), protectsReads: false, NullLogger<ApiTokenStore>.Instance);
        Assert.Equal(ApiTokenCheck.Accepted, store.CheckHeader("Bearer first"));
        Assert.Equal(ApiTokenCheck.Wrong, store.CheckHeader("Bearer firsT"));
        Assert.Equal(ApiTokenCheck.Wrong, store.CheckHeader("Bearer first-and-more"));
        Assert.Equal(ApiTokenCheck.Missing, store.CheckHeader(null));
        Assert.Equal(ApiTokenCheck.Missing, store.CheckHeader("Basic Zmlyc3Q="));
    }

    [Fact]
    public void Check_WithoutAFile_AcceptsEverything()
    {
        var store = new ApiTokenStore(NullLogger<ApiTokenStore>.Instance);
        Assert.False(store.Enabled);
        Assert.Equal(ApiTokenCheck.Accepted, store.CheckHeader(null));
    }

    [Fact]
    public void Check_FileChanged_UsesTheNewToken_BrokenFileKeepsTheLastGood()
    {
        var path = Write("token", "first");
        var logger = new ListLogger();
        var store = new ApiTokenStore(path, protectsReads: false, logger);
        File.WriteAllText(path, "second-token");
        Assert.Equal(ApiTokenCheck.Accepted, store.CheckHeader("Bearer second-token"));
        Assert.Equal(ApiTokenCheck.Wrong, store.CheckHeader("Bearer first"));

        File.WriteAllText(path, "   \n");
        Assert.Equal(ApiTokenCheck.Accepted, store.CheckHeader("Bearer second-token"));
        File.Delete(path);
        Assert.Equal(ApiTokenCheck.Accepted, store.CheckHeader("Bearer second-token"));
        Assert.Contains(logger.Lines, l => l.Contains("the last good token stays in use", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("second-token", StringComparison.Ordinal) || l.Contains("first", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadToken_EmptyOrTwoWords_NamesTheFile()
    {
        var empty = Write("empty", "\n");
        Assert.Contains(empty, Assert.Throws<FormatException>(() => ApiTokenStore.ReadToken(empty)).Message, StringComparison.Ordinal);
        var words = Write("words", "two words");
        Assert.Contains("white space", Assert.Throws<FormatException>(() => ApiTokenStore.ReadToken(words)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WarnIfShared_ReadableByOthers_Warns_Private_DoesNot()
    {
        var path = Write("token", "t");
        var logger = new ListLogger();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        new ApiTokenStore(path, false, logger).WarnIfShared();
        Assert.Empty(logger.Lines);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        new ApiTokenStore(path, false, logger).WarnIfShared();
        Assert.Contains("mode 644", Assert.Single(logger.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_PostRouteWithoutMetadata_IsACommand_GetIsARead()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();
        app.MapPost("/v1/new-command", () => "x");
        app.MapGet("/v1/new-read", () => "x");
        app.MapMethods("/v1/both", ["GET", "DELETE"], () => "x");
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToDictionary(e => e.RoutePattern.RawText!);
        Assert.Equal(ApiAccess.Command, ApiTokenMiddleware.Classify(endpoints["/v1/new-command"]));
        Assert.Equal(ApiAccess.Read, ApiTokenMiddleware.Classify(endpoints["/v1/new-read"]));
        Assert.Equal(ApiAccess.Command, ApiTokenMiddleware.Classify(endpoints["/v1/both"]));
        Assert.True(ApiTokenMiddleware.NeedsToken(null, protectsReads: true));
        Assert.False(ApiTokenMiddleware.NeedsToken(null, protectsReads: false));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private sealed class ListLogger : ILogger<ApiTokenStore>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
