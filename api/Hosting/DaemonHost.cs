using System.Net;
using Verwalter.Api.Endpoints;
using Verwalter.Api.Graph;
using Verwalter.Api.Frontend;
using Verwalter.Api.Metrics;
using Verwalter.Api.OpenApi;
using Verwalter.Api.Security;
using Verwalter.Hosting;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Supervision;

namespace Verwalter.Api.Hosting;

/// <summary>The daemon's composition root: web host, loops, endpoints.</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonSettings settings, CancellationToken cancellationToken)
    {
        NodeIdentity node;
        try
        {
            Directory.CreateDirectory(settings.StorageDir);
            Directory.CreateDirectory(settings.LogDir);
            node = NodeIdentity.Resolve(settings.OverrideMachineId, settings.Hostname, settings.StorageDir);
            settings = settings with { Cluster = settings.Cluster.Load() };
            if (settings.ApiTokenFile is { } tokenFile)
            {
                _ = ApiTokenStore.ReadToken(tokenFile);
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"verwalter: {ex.Message}");
            return ExitCodes.Config;
        }

        if (!Directory.Exists(settings.ConfigDir))
        {
            await Console.Error.WriteLineAsync($"verwalter: config dir {settings.ConfigDir} does not exist");
            return ExitCodes.Config;
        }

        var app = Build(settings, node);
        ClusterKeyWarning.LogIfMissing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Verwalter.Cluster"), settings.Cluster, settings.Port);
        try
        {
            await app.RunAsync(cancellationToken);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"verwalter: invalid options: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Config;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"verwalter: cannot listen on {settings.Host}:{settings.Port}: {ex.Message}");
            return ExitCodes.Config;
        }

        return ExitCodes.Ok;
    }

    public static WebApplication Build(DaemonSettings settings, NodeIdentity node)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddVerwalterConsole();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.UseKestrel(o =>
        {
            foreach (var address in Resolve(settings.Host))
            {
                o.Listen(address, settings.Port);
            }
        });
        if (settings.AllowMinorityCluster)
        {
            builder.Configuration.AddInMemoryCollection([new("Verwalter:Leadership:AllowMinorityCluster", "true")]);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddVerwalterControllers(builder.Configuration, node, settings.ConfigDir, settings.StorageDir, settings.LogDir);
        builder.Services.AddVerwalterPeers(builder.Configuration, settings.Cluster.Binding(new IPEndPoint(Resolve(settings.Host).OrderBy(a => a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork).First(), settings.Port)), settings.Cluster.PeerSource(settings.Port, settings.StorageDir));
        builder.Services.AddPrometheusExporter();
        builder.Services.AddSingleton<StatusReader>();
        builder.Services.AddApiToken(settings.ApiTokenFile, settings.ApiTokenProtectsReads);
        builder.Services.AddVerwalterGraphQL();
        builder.Services.AddVerwalterOpenApi();
        builder.Services.AddSingleton<StatusSources>();
        builder.Services.AddSingleton(new FrontendSettings(settings.ConfigDir, settings.DefaultFrontend));
        builder.Services.AddSingleton(_ => EmbeddedUi.FromThisAssembly());
        if (settings.EmbeddedSupervisor)
        {
            builder.Services.AddVerwalterSupervisor(builder.Configuration, settings.SupervisorConfig);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(10));
        }

        builder.Services.AddSingleton(sp => new SupervisorStatusSource(settings.SupervisorConfig, sp.GetService<SupervisorController>()));

        var app = builder.Build();

        Verwalter.Configuration.ConfigJail.AllowOutside(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Verwalter.Configuration.ConfigOptions>>().Value.AllowOutside);

        // The stored schedule is published before HTTP starts, so schedule routes never answer 404 for it.
        app.Services.GetRequiredService<Verwalter.Scheduling.StoredScheduleLoader>().EnsureLoaded();
        app.Use(JsonOutput.StripSuffix);
        app.UseWebSockets(); // GraphQL subscriptions on /v1/graphql
        app.UseRouting(); // after the suffix rewrite, so /v1/x.pretty routes as /v1/x
        app.UseApiToken(); // after routing (it reads the endpoint's access), before any endpoint code
        app.MapStatusEndpoints();
        app.MapScheduleEndpoints();
        app.MapBackupEndpoints();
        app.MapHealthEndpoints();
        app.MapRenderEndpoints();
        app.MapLogEndpoints();
        app.MapPeerEndpoints();
        app.MapActionEndpoints();
        app.MapQueryEndpoints();
        app.MapShadowEndpoints();
        app.MapElectionEndpoints();
        app.MapLeaderEndpoints();
        app.MapLeaderParentEndpoints();
        app.MapGraphQLEndpoints();
        app.MapVerwalterOpenApi();
        app.MapMetrics();
        _ = app.Services.GetRequiredService<ApiTokenMetrics>(); // after the exporter exists: zero series from the start
        _ = app.Services.GetRequiredService<ApiTokenStore>(); // the file-mode warning at start
        app.MapEventEndpoints();
        app.MapFrontendEndpoints();
        app.MapFallback("/v1/{**rest}", () => ScheduleEndpoints.NotFound("no such API route"));
        return app;
    }

    private static IPAddress[] Resolve(string host) =>
        IPAddress.TryParse(host, out var address) ? [address] : Dns.GetHostAddresses(host);
}
