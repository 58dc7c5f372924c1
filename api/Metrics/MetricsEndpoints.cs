using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Diagnostics.Metrics;

namespace Verwalter.Api.Metrics;

/// <summary>Registers the Prometheus exporter and maps <c>GET /metrics</c>.</summary>
internal static class MetricsEndpoints
{
    /// <summary>
    /// Registers <see cref="PrometheusExporter"/> as a singleton bound to the container's
    /// <see cref="IMeterFactory"/>, so it exports exactly the <c>Verwalter</c> meter the
    /// controllers create through that factory.
    /// </summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(sp => new PrometheusExporter(
            PrometheusExporter.DefaultMeterName,
            sp.GetRequiredService<IMeterFactory>()));
        return services;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c>. The exporter is resolved here, before the host starts, so
    /// it sees measurements from the first reconcile on.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var exporter = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        return app.MapGet("/metrics", (HttpContext context, CancellationToken cancellationToken) =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(exporter.Render(), cancellationToken);
        });
    }
}
