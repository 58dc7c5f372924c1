using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Verwalter.Api.Metrics;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Api.Metrics;

public sealed class MetricsEndpointsTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task MapMetrics_Get_ServesFactoryMeterAsPrometheusText()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddPrometheusExporter();
        await using var app = builder.Build();
        app.MapMetrics();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var counter = factory.Create(PrometheusExporter.DefaultMeterName)
            .CreateCounter<long>("verwalter_reconcile_total", description: "Reconciles per controller and result.");
        counter.Add(3, new("controller", "config"), new("result", "success"));
        await app.StartAsync(_timeout.Token);
        using var client = new HttpClient { BaseAddress = LoopbackServer.Address(app) };

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), _timeout.Token);
        var body = await response.Content.ReadAsStringAsync(_timeout.Token);
        await app.StopAsync(_timeout.Token);

        response.EnsureSuccessStatusCode();
        Assert.Equal(PrometheusExporter.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Contains("verwalter_reconcile_total{controller=\"config\",result=\"success\"} 3\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_start_time_seconds gauge\n", body, StringComparison.Ordinal);
        var check = await Promtool.CheckMetricsAsync(body, _timeout.Token);
        Assert.True(check.ExitCode == 0 && check.Output.Length == 0, $"promtool exit {check.ExitCode}: {check.Output}");
    }

    public void Dispose() => _timeout.Dispose();
}
