using Microsoft.Extensions.Logging;

namespace Verwalter.Supervision;

internal sealed partial class SupervisorController
{
    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Started {Instance} as pid {Pid} (start {Starts})")]
    private partial void LogStarted(InstanceKey instance, int pid, long starts);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Instance {Instance} pid {Pid} exited: {Exit} after {UptimeSeconds:F1} s; next start in {DelaySeconds:F1} s")]
    private partial void LogExited(InstanceKey instance, int pid, string exit, double uptimeSeconds, double delaySeconds);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Instance {Instance} could not be started; retrying in {DelaySeconds:F1} s")]
    private partial void LogStartFailed(Exception exception, InstanceKey instance, double delaySeconds);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Information, Message = "Stopping {Instance} pid {Pid} ({Reason}): SIGTERM")]
    private partial void LogStopping(InstanceKey instance, int pid, string reason);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Warning, Message = "Instance {Instance} pid {Pid} did not exit {KillTimeoutSeconds} s after SIGTERM: SIGKILL")]
    private partial void LogKilled(InstanceKey instance, int pid, double killTimeoutSeconds);

    [LoggerMessage(EventId = 1515, Level = LogLevel.Information, Message = "Adopted {Instance} pid {Pid} started at {StartedAt} by a previous supervisor")]
    private partial void LogAdopted(InstanceKey instance, int pid, DateTimeOffset startedAt);

    [LoggerMessage(EventId = 1516, Level = LogLevel.Information, Message = "Supervisor config loaded: {Instances} instance(s) in {Sandboxes} sandbox(es), {Failed} sandbox(es) kept at their last good state")]
    private partial void LogLoaded(int instances, int sandboxes, int failed);

    [LoggerMessage(EventId = 1517, Level = LogLevel.Error, Message = "Supervisor config problem (the sandbox keeps its last good processes): {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(EventId = 1518, Level = LogLevel.Error, Message = "Cannot read {MasterPath}; keeping the current configuration")]
    private partial void LogMasterFailed(Exception exception, string masterPath);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Warning, Message = "Instance {Instance} is gone but its cgroups still hold processes; leaving them for the cleanup at the next start")]
    private partial void LogReleaseFailed(InstanceKey instance);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Information, Message = "Instance {Instance} pid {Pid} stopped (planned): {Exit} after {UptimeSeconds:F1} s")]
    private partial void LogStoppedPlanned(InstanceKey instance, int pid, string exit, double uptimeSeconds);

    [LoggerMessage(EventId = 1519, Level = LogLevel.Information, Message = "Stopping all {Count} supervised process(es)")]
    private partial void LogStoppingAll(int count);
}
