using System.Diagnostics.Metrics;
using Verwalter.Scheduling;

namespace Verwalter.Api.Security;

/// <summary>Requests refused for the API token, by reason (<c>missing</c>: no bearer token; <c>wrong</c>: another one).</summary>
internal sealed class ApiTokenMetrics
{
    public const string RejectedName = "verwalter_api_token_rejected_total";

    private readonly Counter<long> _rejected;

    public ApiTokenMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SchedulerMetrics.MeterName);
        _rejected = meter.CreateCounter<long>(RejectedName, description: "Requests refused with 401 for a missing or wrong API token, by reason.");
        _rejected.Add(0, new KeyValuePair<string, object?>("reason", "missing"));
        _rejected.Add(0, new KeyValuePair<string, object?>("reason", "wrong"));
    }

    public void Rejected(ApiTokenCheck check) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", check == ApiTokenCheck.Missing ? "missing" : "wrong"));
}
