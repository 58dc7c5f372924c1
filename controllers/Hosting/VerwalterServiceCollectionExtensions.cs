using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Hosting;

/// <summary>Composition of the node's loops: options (bound, validated at start), snapshots and controller hosts.</summary>
internal static class VerwalterServiceCollectionExtensions
{
    public static IServiceCollection AddVerwalterControllers(
        this IServiceCollection services,
        IConfiguration configuration,
        NodeIdentity node,
        string configDir,
        string storageDir,
        string logDir)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource, SystemRandomSource>();
        services.AddOptions<ConfigOptions>()
            .Bind(configuration.GetSection("Verwalter:Config"))
            .PostConfigure(o => o.ConfigDir = configDir)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SchedulingOptions>()
            .Bind(configuration.GetSection("Verwalter:Scheduling"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RenderOptions>()
            .Bind(configuration.GetSection("Verwalter:Render"))
            .PostConfigure(o => o.LogDir = logDir)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(node);
        services.AddSingleton<SnapshotPublisher<RenderState>>();
        services.AddSingleton(sp => new DeploymentLogWriter(logDir, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RenderMetrics>();
        services.AddSingleton<IRunWatchdog>(ProcessExitWatchdog.Shared);
        services.AddTransient(sp => new LogDirectories(
            logDir,
            sp.GetRequiredService<SnapshotPublisher<ConfigSnapshot>>().Current?.Value.Sandbox.LogDirs ?? SandboxConfig.Empty.LogDirs));
        services.AddSingleton<RenderController>();
        services.AddSingleton<SnapshotPublisher<ConfigSnapshot>>();
        services.AddSingleton<SnapshotPublisher<ScheduleState>>();
        services.AddSingleton<ILeadershipView, SingleNodeLeadership>();
        services.AddSingleton(sp => new ScheduleStore(storageDir, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScheduleStore>>()));
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<ControllerMetrics>();
        services.AddSingleton<ConfigController>();
        services.AddSingleton<ScheduleController>();
        services.AddSingleton(sp => new ControllerRegistry(
        [
            Host(sp, ConfigController.Key, sp.GetRequiredService<ConfigController>()),
            Host(sp, ScheduleController.Key, sp.GetRequiredService<ScheduleController>()),
            Host(sp, "render", sp.GetRequiredService<RenderController>()),
        ]));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ControllerRegistry>().Hosts[0]);
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ControllerRegistry>().Hosts[1]);
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ControllerRegistry>().Hosts[2]);
        return services;
    }

    private static ControllerHost<string> Host(IServiceProvider sp, string name, IReconciler<string> reconciler) =>
        new(
            new ControllerHostOptions { Name = name },
            reconciler,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Verwalter.Controller." + name));
}
