using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling.Shadow;

/// <summary>
/// Shadow schedulers (docs/shadow.md). On the leader, after each successful main run is
/// published, every <c>scheduler/shadow/&lt;name&gt;/</c> runs on that run's input, in this loop's
/// own task, so a slow shadow never delays the main schedule (each run is bounded by the engine's
/// deadline). Results are only published here: never replicated, rendered or applied. A shadow's
/// failure is reported on that shadow only.
/// </summary>
internal sealed partial class ShadowController(
    IOptions<ConfigOptions> config,
    IOptions<SchedulingOptions> scheduling,
    NodeIdentity node,
    ILeadershipView leadership,
    SnapshotPublisher<ScheduleState> schedules,
    SnapshotPublisher<ShadowState> state,
    IRunWatchdog watchdog,
    TimeProvider time,
    ILogger<ShadowController> logger) : BackgroundService
{
    private readonly Dictionary<string, (string Fingerprint, ISchedulerEngine Engine)> _engines = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first wait runs synchronously up to its first await; yield so host start-up goes on.
        await Task.Yield();
        long seen = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = await schedules.WaitForNewerAsync(seen, stoppingToken).ConfigureAwait(false);
                seen = next.Version;
                if (!leadership.Current.IsLeader)
                {
                    if (!state.Current?.Value.Shadows.IsEmpty ?? false)
                    {
                        state.Publish(ShadowState.Empty);
                    }

                    continue;
                }

                if (next.Value is { Current: { } main, LastRun: { Error: null } run })
                {
                    RunAll(main, run.Input);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            DropAll();
        }
    }

    /// <summary>Runs every shadow once on <paramref name="input"/> and publishes all results.</summary>
    internal ShadowState RunAll(Schedule main, byte[] input)
    {
        var sources = ShadowSourceLoader.Load(config.Value.ConfigDir);
        foreach (var gone in _engines.Keys.Where(k => !sources.ContainsKey(k)).ToList())
        {
            _engines[gone].Engine.Dispose();
            _engines.Remove(gone);
        }

        var results = ImmutableSortedDictionary.CreateBuilder<string, ShadowResult>(StringComparer.Ordinal);
        foreach (var (name, (source, problem)) in sources)
        {
            results[name] = RunOne(name, source, problem, main, input);
        }

        var published = new ShadowState(results.ToImmutable());
        state.Publish(published);
        return published;
    }

    private ShadowResult RunOne(string name, SchedulerSource? source, string? problem, Schedule main, byte[] input)
    {
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        if (source is null)
        {
            Drop(name);
            return new ShadowResult(name, "", null, [], main.Hash, "", problem, now, TimeSpan.Zero);
        }

        var engineName = SchedulerEngines.For(source).Name;
        try
        {
            var engine = EngineFor(name, source);
            var output = engine.Run(input);
            var (data, _) = ActionReplies.Extract(ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log));
            var schedule = Schedule.Create(now.ToUnixTimeMilliseconds(), node.Id, main.Epoch, data);
            var diff = ScheduleDiff.Compute(main.Data, data);
            LogShadowRan(name, schedule.Hash, diff.Count);
            return new ShadowResult(name, engineName, schedule, diff, main.Hash, output.Log, null, now, time.GetElapsedTime(started));
        }
        catch (SchedulerException ex)
        {
            Drop(name);
            LogShadowFailed(name, ex.Message);
            return new ShadowResult(name, engineName, null, [], main.Hash, ex.Log ?? "", ex.Message, now, time.GetElapsedTime(started));
        }
    }

    private ISchedulerEngine EngineFor(string name, SchedulerSource source)
    {
        if (_engines.TryGetValue(name, out var cached) && cached.Fingerprint == source.Fingerprint)
        {
            return cached.Engine;
        }

        Drop(name);
        var engine = SchedulerEngines.Load(source, scheduling.Value.ToLimits(), watchdog);
        _engines[name] = (source.Fingerprint, engine);
        return engine;
    }

    private void Drop(string name)
    {
        if (_engines.Remove(name, out var cached))
        {
            cached.Engine.Dispose();
        }
    }

    private void DropAll()
    {
        foreach (var (_, engine) in _engines.Values)
        {
            engine.Dispose();
        }

        _engines.Clear();
    }

    [LoggerMessage(EventId = 1470, Level = LogLevel.Debug, Message = "Shadow scheduler {Name} made {Hash} ({DiffCount} differences from the main schedule)")]
    private partial void LogShadowRan(string name, string hash, int diffCount);

    [LoggerMessage(EventId = 1471, Level = LogLevel.Warning, Message = "Shadow scheduler {Name} failed: {Error}")]
    private partial void LogShadowFailed(string name, string error);
}
