using System.Diagnostics.Metrics;

namespace Verwalter.Rendering;

/// <summary>Per-role outcome instruments of the render loop on the shared <c>Verwalter</c> meter.</summary>
public sealed class RenderMetrics
{
    private readonly Counter<long> _applies;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _deployments;
    private int _failing;

    public RenderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("Verwalter");
        _applies = meter.CreateCounter<long>("verwalter_role_applies_total", description: "Role applies by role and result (success, or the failed stage).");
        _duration = meter.CreateHistogram<double>("verwalter_role_apply_duration_seconds", unit: "s", description: "Time to render and apply one role.");
        _deployments = meter.CreateCounter<long>("verwalter_deployments_total", description: "Deployments started on this node.");
        meter.CreateObservableGauge("verwalter_roles_failing", () => Volatile.Read(ref _failing), description: "Roles whose last apply failed.");
        _deployments.Add(0);
    }

    public void RecordApply(string role, string result, TimeSpan duration)
    {
        _applies.Add(1, new KeyValuePair<string, object?>("role", role), new KeyValuePair<string, object?>("result", result));
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("role", role));
    }

    public void RecordDeployment() => _deployments.Add(1);

    public void SetFailing(int count) => Volatile.Write(ref _failing, count);
}
