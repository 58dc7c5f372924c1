using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Reconciliation;

namespace Verwalter.Peers;

/// <summary>
/// Composition of the cluster transport and the one active peer source. The transport is always
/// registered (the election loop uses it too, whatever the peer source).
/// </summary>
internal static class PeersServiceCollectionExtensions
{
    public static IServiceCollection AddVerwalterPeers(
        this IServiceCollection services,
        IConfiguration configuration,
        ClusterBinding binding,
        PeerSourceSettings settings)
    {
        services.AddOptions<PeersOptions>()
            .Bind(configuration.GetSection(PeersOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PeersOptions>, PeersOptionsValidator>();
        services.AddOptions<ClusterTransportOptions>()
            .Bind(configuration.GetSection(ClusterTransportOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(binding);
        services.AddSingleton(settings);
        services.AddSingleton<SnapshotPublisher<PeerSet>>();
        services.AddSingleton<PeersMetrics>();
        services.AddSingleton<ClusterMetrics>();
        // Frame times are compared across nodes (the replay window): the wall clock.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<UdpClusterTransport>(sp, sp.GetRequiredService<Verwalter.Reconciliation.WallClock>().Provider));
        services.AddSingleton<IClusterTransport>(sp => sp.GetRequiredService<UdpClusterTransport>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<UdpClusterTransport>());
        switch (settings.Kind)
        {
            case "cantal":
                services.AddSingleton<IPeerSource, CantalPeerSource>();
                break;
            case "file":
                services.AddSingleton<IPeerSource, FilePeerSource>();
                break;
            default:
                services.AddSingleton<IPeerSource, GossipPeerSource>();
                break;
        }

        services.AddSingleton(sp => (IHostedService)sp.GetRequiredService<IPeerSource>());
        services.AddSingleton(sp => (IControllerLoop)sp.GetRequiredService<IPeerSource>());
        return services;
    }
}
