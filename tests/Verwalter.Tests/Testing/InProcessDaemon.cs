using Microsoft.AspNetCore.Builder;
using Verwalter.Api.Hosting;
using Verwalter.Model;

namespace Verwalter.Tests.Testing;

/// <summary>The daemon's composition root (<see cref="DaemonHost.Build"/>) in this process on a free loopback port, with temp storage and log dirs.</summary>
internal sealed class InProcessDaemon : IAsyncDisposable
{
    private readonly DirectoryInfo _state;

    private InProcessDaemon(DirectoryInfo state, WebApplication app, DaemonSettings settings)
    {
        _state = state;
        App = app;
        Settings = settings;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public DaemonSettings Settings { get; }

    public HttpClient Http { get; }

    /// <summary>Starts on the <c>minimal</c> example; <paramref name="configure"/> may change the settings (token file, flags).</summary>
    public static async Task<InProcessDaemon> StartAsync(Func<DaemonSettings, DirectoryInfo, DaemonSettings>? configure = null)
    {
        var state = Directory.CreateTempSubdirectory("verwalter-inproc-");
        var settings = new DaemonSettings(
            Path.Combine(RepositoryPaths.Examples, "minimal"),
            Path.Combine(state.FullName, "storage"),
            Path.Combine(state.FullName, "log"),
            "127.0.0.1",
            DaemonProcess.FreePort(),
            null,
            null);
        settings = configure?.Invoke(settings, state) ?? settings;
        var app = DaemonHost.Build(settings, new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"));
        await app.StartAsync();
        return new InProcessDaemon(state, app, settings);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _state.Delete(recursive: true);
    }
}
