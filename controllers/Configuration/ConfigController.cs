using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Configuration;

/// <summary>
/// The config loop (single key): watches the config dir, waits for a quiet <see cref="ConfigOptions.Debounce"/>
/// after the last event, reads the runtime tree and the scheduler source, trial-loads a changed
/// scheduler, and publishes a <see cref="ConfigSnapshot"/> when anything changed. A scheduler that
/// fails to load leaves the last good one in the snapshot; broken runtime files are skipped and
/// reported while the rest of the tree loads.
/// </summary>
internal sealed partial class ConfigController(
    IOptions<ConfigOptions> options,
    IOptions<SchedulingOptions> scheduling,
    SnapshotPublisher<ConfigSnapshot> publisher,
    SchedulerMetrics metrics,
    TimeProvider time,
    ILogger<ConfigController> logger) : IReconciler<string>, IWatchSource<string>
{
    public const string Key = "config";

    private readonly ConfigOptions _options = options.Value;
    private const long NoEvent = long.MinValue;
    private long _lastEventTimestamp = NoEvent;

    public async Task WatchAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(_options.ConfigDir);
        queue.Enqueue(Key);
        if (!Directory.Exists(dir))
        {
            LogConfigDirMissing(dir);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var watcher = new FileSystemWatcher(dir)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            InternalBufferSize = 64 * 1024,
        };
        void OnChange(object sender, FileSystemEventArgs e)
        {
            NoteChange();
            queue.Enqueue(Key);
        }

        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += (s, e) => OnChange(s, e);
        watcher.Error += (_, e) =>
        {
            LogWatcherError(e.GetException(), dir);
            NoteChange();
            queue.Enqueue(Key);
        };
        watcher.EnableRaisingEvents = true;
        await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a file event: the next reload waits until the tree has been quiet for the debounce time.</summary>
    internal void NoteChange() => Interlocked.Exchange(ref _lastEventTimestamp, time.GetTimestamp());

    public ValueTask<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastEventTimestamp);
        if (last != NoEvent)
        {
            var quiet = time.GetElapsedTime(last);
            if (quiet < _options.Debounce)
            {
                return ValueTask.FromResult(ReconcileResult.After(_options.Debounce - quiet));
            }
        }

        var snapshot = Load(_options.ConfigDir, publisher.Current?.Value, scheduling.Value.ToLimits(), time.GetUtcNow());
        metrics.RecordReload(snapshot.ProblemCount);
        foreach (var problem in snapshot.RuntimeProblems.Concat(snapshot.SchedulerProblems).Concat(snapshot.SandboxProblems))
        {
            LogProblem(problem.ToString());
        }

        var previous = publisher.Current?.Value;
        if (previous is null || !SameContent(previous, snapshot))
        {
            var published = publisher.Publish(snapshot);
            LogReloaded(published.Version, snapshot.ProblemCount);
        }
        else
        {
            LogUnchanged();
        }

        return ValueTask.FromResult(ReconcileResult.Done);
    }

    /// <summary>
    /// Reads the config dir once. <paramref name="previous"/> supplies the last good scheduler when
    /// the new one fails to load. Used by the loop and by <c>verwalter check</c>/<c>schedule</c>.
    /// </summary>
    public static ConfigSnapshot Load(string configDir, ConfigSnapshot? previous, SchedulerLimits limits, DateTimeOffset now)
    {
        var runtime = RuntimeTreeLoader.Load(configDir);
        var runtimeJson = JsonSerializer.SerializeToUtf8Bytes(runtime.Tree);
        var sourceLoad = SchedulerSourceLoader.Load(configDir);
        var problems = sourceLoad.Problems;
        var source = sourceLoad.Source;
        if (source is not null && source.Fingerprint != previous?.Scheduler?.Fingerprint)
        {
            try
            {
                using var trial = SchedulerEngines.Load(source, limits);
            }
            catch (SchedulerException ex)
            {
                problems = problems.Add(new ConfigProblem("scheduler/v1/" + SchedulerEngines.EntryFileOf(source), null, null, ex.Message));
                source = null;
            }
        }

        if (source is null && problems.IsEmpty)
        {
            problems = [new ConfigProblem("scheduler/v1/" + SchedulerSource.MainFile, null, null, "no scheduler found")];
        }

        var sandbox = SandboxConfigLoader.Load(configDir);
        return new ConfigSnapshot(runtimeJson, runtime.Fingerprint, runtime.Problems, source ?? previous?.Scheduler, problems, now)
        {
            Sandbox = sandbox.Config,
            SandboxProblems = sandbox.Problems,
            TemplatesFingerprint = TemplatesFingerprint(configDir) + ":" + sandbox.Fingerprint,
        };
    }

    private static string TemplatesFingerprint(string configDir)
    {
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var fingerprint = new ConfigFingerprint();
        foreach (var file in ConfigDirectoryScanner.Scan(configDir, "templates", _ => true, problems))
        {
            if (ConfigDirectoryScanner.TryRead(file, problems) is { } bytes)
            {
                fingerprint.Add(file.RelativePath, bytes);
            }
        }

        return fingerprint.Compute();
    }

    private static bool SameContent(ConfigSnapshot a, ConfigSnapshot b) =>
        a.RuntimeFingerprint == b.RuntimeFingerprint
        && a.Scheduler?.Fingerprint == b.Scheduler?.Fingerprint
        && a.TemplatesFingerprint == b.TemplatesFingerprint
        && a.RuntimeProblems.SequenceEqual(b.RuntimeProblems)
        && a.SandboxProblems.SequenceEqual(b.SandboxProblems)
        && a.SchedulerProblems.SequenceEqual(b.SchedulerProblems);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Config dir {Dir} does not exist; waiting for it is not supported, restart after creating it")]
    private partial void LogConfigDirMissing(string dir);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "File watcher on {Dir} reported an error; reloading the whole tree")]
    private partial void LogWatcherError(Exception exception, string dir);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Config problem: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Config reloaded as version {Version} with {Problems} problem(s)")]
    private partial void LogReloaded(long version, int problems);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Config unchanged")]
    private partial void LogUnchanged();
}
