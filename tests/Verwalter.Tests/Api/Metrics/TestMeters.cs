using System.Diagnostics.Metrics;
using Verwalter.Api.Metrics;

namespace Verwalter.Tests.Api.Metrics;

/// <summary>
/// Meters bound to a private scope object, so parallel tests that also create
/// <c>Verwalter</c> meters never feed this test's exporter.
/// </summary>
internal sealed class TestMeters : IDisposable
{
    private readonly object _scope = new();
    private readonly List<Meter> _meters = [];

    public TestMeters(bool includeProcessMetrics = false)
    {
        Exporter = new PrometheusExporter(PrometheusExporter.DefaultMeterName, _scope, includeProcessMetrics);
    }

    public PrometheusExporter Exporter { get; }

    public Meter Create(string name = PrometheusExporter.DefaultMeterName)
    {
        var meter = new Meter(new MeterOptions(name) { Scope = _scope });
        _meters.Add(meter);
        return meter;
    }

    public string[] RenderLines() => Exporter.Render().Split('\n');

    public void Dispose()
    {
        Exporter.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
