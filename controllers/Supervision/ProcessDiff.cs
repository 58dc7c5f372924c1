using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision;

/// <summary>
/// Desired vs actual as a three-pass diff over records (house rule 7): desired keys missing from
/// actual are started; present ones are restarted only when their <see cref="InstanceIdentity"/>
/// differs; then every actual key not desired is stopped. An instance already
/// <see cref="InstanceState.Stopping"/> is not stopped again (one SIGTERM, as lithos). Pure apart
/// from logging each item once.
/// </summary>
internal sealed partial class ProcessDiff(ILogger<ProcessDiff> logger)
{
    public ProcessPlan Compute(DesiredProcessSet desired, IReadOnlyDictionary<InstanceKey, ActualInstance> actual)
    {
        var start = ImmutableArray.CreateBuilder<DesiredInstance>();
        var restart = ImmutableArray.CreateBuilder<DesiredInstance>();
        var keep = ImmutableArray.CreateBuilder<InstanceKey>();
        foreach (var (key, instance) in desired.Instances)
        {
            if (!actual.TryGetValue(key, out var current))
            {
                start.Add(instance);
                LogStart(key);
            }
            else if (current.State is InstanceState.Stopping || !current.Identity.Equals(instance.Identity))
            {
                restart.Add(instance);
                LogRestart(key, current.Identity, instance.Identity);
            }
            else
            {
                keep.Add(key);
            }
        }

        var stop = ImmutableArray.CreateBuilder<InstanceKey>();
        foreach (var (key, current) in actual.OrderBy(pair => pair.Key))
        {
            if (!desired.Instances.ContainsKey(key) && current.State is not InstanceState.Stopping)
            {
                stop.Add(key);
                LogStop(key);
            }
        }

        LogSummary(start.Count, restart.Count, stop.Count, keep.Count);
        return new ProcessPlan(start.ToImmutable(), stop.ToImmutable(), restart.ToImmutable(), keep.ToImmutable());
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Instance {Instance} added, starting it")]
    private partial void LogStart(InstanceKey instance);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Instance {Instance} changed from {OldIdentity} to {NewIdentity}, restarting it")]
    private partial void LogRestart(InstanceKey instance, InstanceIdentity oldIdentity, InstanceIdentity newIdentity);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Instance {Instance} removed, stopping it")]
    private partial void LogStop(InstanceKey instance);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "Process diff: {Start} to start, {Restart} to restart, {Stop} to stop, {Keep} unchanged")]
    private partial void LogSummary(int start, int restart, int stop, int keep);
}
