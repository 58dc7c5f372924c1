using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Reconciliation;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>Registers the supervisor as a hosted service, for <c>verwalter supervisor</c> and for the daemon's embedded mode.</summary>
internal static class SupervisorServiceCollectionExtensions
{
    public const string SectionName = "Verwalter:Supervisor";

    public static IServiceCollection AddVerwalterSupervisor(this IServiceCollection services, IConfiguration configuration, string masterPath)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, SystemRandomSource>();
        services.TryAddSingleton<ControllerMetrics>();
        services.AddOptions<SupervisorOptions>()
            .Bind(configuration.GetSection(SectionName))
            .PostConfigure(o => o.MasterPath = Path.GetFullPath(masterPath))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SupervisorOptions>, SupervisorOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SupervisorOptions>>().Value);
        services.AddSingleton<SupervisorMetrics>();
        services.AddSingleton(sp => new CgroupSupport(
            sp.GetRequiredService<SupervisorOptions>().CgroupRoot, CgroupSupport.Proc1Cgroup, sp.GetRequiredService<ILogger<CgroupSupport>>()));
        services.AddSingleton(sp => new BwrapLauncher(BwrapTools.Default, sp.GetRequiredService<CgroupSupport>(), sp.GetRequiredService<ILogger<BwrapLauncher>>()));
        services.AddSingleton<IProcessLauncher>(sp => sp.GetRequiredService<BwrapLauncher>());
        services.AddSingleton<IContainerConfigReader, ImageContainerConfigReader>();
        services.AddSingleton<SupervisorController>();
        services.AddSingleton(sp => new ControllerHost<InstanceKey>(
            new ControllerHostOptions { Name = "supervisor" },
            sp.GetRequiredService<SupervisorController>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Verwalter.Controller.supervisor")));
        services.AddSingleton<IControllerLoop>(sp => sp.GetRequiredService<ControllerHost<InstanceKey>>());
        services.AddSingleton<SupervisorService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SupervisorService>());
        return services;
    }
}
