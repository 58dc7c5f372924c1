using Microsoft.Extensions.Configuration;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verwalter.Cluster;
using Verwalter.Configuration;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;
using Verwalter.Replication;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;
using Verwalter.Storage;

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
        // Loops get the monotonic-anchored clock; record stamps take the wall clock explicitly.
        services.TryAddSingleton(new WallClock(TimeProvider.System));
        services.TryAddSingleton<TimeProvider>(sp => new MonotonicTimeProvider(sp.GetRequiredService<WallClock>().Provider));
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
        services.AddSingleton(sp => new DeploymentLogWriter(logDir, Wall(sp)));
        services.AddSingleton<RenderMetrics>();
        services.AddSingleton<IRunWatchdog>(ProcessExitWatchdog.Shared);
        services.AddTransient(sp => new LogDirectories(
            logDir,
            sp.GetRequiredService<SnapshotPublisher<ConfigSnapshot>>().Current?.Value.Sandbox.LogDirs ?? SandboxConfig.Empty.LogDirs));
        services.AddSingleton<Rendering.Query.QueryResponder>();
        services.AddSingleton<RenderController>();
        services.AddSingleton<SnapshotPublisher<ConfigSnapshot>>();
        services.AddSingleton<SnapshotPublisher<ScheduleState>>();
        AddLeadership(services, configuration);
        services.AddSingleton(sp => new StorageFaults(Wall(sp), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new ScheduleStore(storageDir, Wall(sp), sp.GetRequiredService<ILogger<ScheduleStore>>(), sp.GetRequiredService<StorageFaults>()));
        services.AddSingleton<StoredScheduleLoader>();
        services.AddSingleton<ScheduleStoreFlusher>();
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<ControllerMetrics>();
        services.AddSingleton<ConfigController>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ScheduleController>(sp, Wall(sp)));
        AddHost(services, ConfigController.Key, sp => sp.GetRequiredService<ConfigController>());
        AddHost(services, ScheduleController.Key, sp => sp.GetRequiredService<ScheduleController>());
        AddHost(services, "render", sp => sp.GetRequiredService<RenderController>(), null, RenderController.LogRetryCap);
        AddHost(services, ScheduleStoreFlusher.Key, sp => sp.GetRequiredService<ScheduleStoreFlusher>(), ScheduleStoreFlusher.BackoffBase, ScheduleStoreFlusher.BackoffCap);
        services.AddSingleton<IControllerLoop>(sp => sp.GetRequiredService<LeadershipController>());
        services.AddSingleton<IControllerLoop>(sp => sp.GetRequiredService<ReplicationController>());
        services.AddSingleton<SnapshotPublisher<Scheduling.Shadow.ShadowState>>();
        services.AddHostedService<Scheduling.Shadow.ShadowController>();
        services.AddSingleton<ControllerRegistry>();
        return services;
    }

    /// <summary>Election, replication, parent collection and actions (docs/controllers/leadership.md, replication.md).</summary>
    private static void AddLeadership(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeadershipOptions>()
            .Bind(configuration.GetSection(LeadershipOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.IsConsistent(out _), "Verwalter:Leadership: ElectionTimeoutMin must exceed HeartbeatInterval, ElectionTimeoutMax must exceed ElectionTimeoutMin, LeaderLease must be at least ElectionTimeoutMin")
            .ValidateOnStart();
        services.AddOptions<ReplicationOptions>()
            .Bind(configuration.GetSection(ReplicationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SnapshotPublisher<PeerSet>>();
        services.TryAddSingleton<IClusterTransport>(_ => new DetachedClusterTransport(new IPEndPoint(IPAddress.Loopback, 0)));
        services.AddSingleton<SnapshotPublisher<LeadershipState>>();
        services.AddSingleton<SnapshotPublisher<ReplicationState>>();
        services.AddSingleton<LeadershipMetrics>();
        services.AddSingleton<ParentPool>();
        services.AddSingleton<NodeErrorCount>();
        services.AddSingleton<RecentSchedules>();
        services.AddSingleton<ActionQueue>();
        services.AddSingleton<IScheduleFetcher, HttpScheduleFetcher>();
        services.AddSingleton<ILeadershipView, ClusterLeadershipView>();
        services.AddSingleton<LeadershipController>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<LeadershipController>());
        services.AddSingleton<ReplicationController>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ReplicationController>());
    }

    private static TimeProvider Wall(IServiceProvider sp) => sp.GetRequiredService<WallClock>().Provider;

    /// <summary>A keyed controller host: hosted, and listed as a loop under its name.</summary>
    private static void AddHost(IServiceCollection services, string name, Func<IServiceProvider, IReconciler<string>> reconciler, TimeSpan? backoffBase = null, TimeSpan? backoffCap = null)
    {
        services.AddKeyedSingleton(name, (sp, _) => Host(sp, name, reconciler(sp), backoffBase, backoffCap));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<ControllerHost<string>>(name));
        services.AddSingleton<IControllerLoop>(sp => sp.GetRequiredKeyedService<ControllerHost<string>>(name));
    }

    private static ControllerHost<string> Host(IServiceProvider sp, string name, IReconciler<string> reconciler, TimeSpan? backoffBase, TimeSpan? backoffCap) =>
        new(
            new ControllerHostOptions
            {
                Name = name,
                BackoffBase = backoffBase ?? ControllerHostOptions.DefaultBackoffBase,
                BackoffCap = backoffCap ?? ControllerHostOptions.DefaultBackoffCap,
            },
            reconciler,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Verwalter.Controller." + name));
}
