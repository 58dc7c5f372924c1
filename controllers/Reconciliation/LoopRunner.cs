using Microsoft.Extensions.Logging;

namespace Verwalter.Reconciliation;

/// <summary>
/// The run loop of the controllers that are not keyed queues (gossip, leadership, replication):
/// a pass, then a wait for whatever the pass says to wait for, until the daemon stops. It does
/// for them what <see cref="ControllerHost{TKey}"/> does for keyed loops: a pass that throws (or a
/// wait that does) is logged with the exception, recorded in <see cref="Status"/> and retried
/// after a capped exponential backoff with jitter (<see cref="Backoff{TKey}"/>); the next
/// completed pass records the success and starts the backoff afresh. Cancellation of the stopping
/// token ends the loop quietly. Passes are counted in <see cref="ControllerMetrics"/> like
/// reconcile passes (success or error), when metrics are given.
/// </summary>
public sealed partial class LoopRunner : IControllerLoop
{
    /// <summary>Longest wait between two failing passes unless a loop asks otherwise.</summary>
    public static readonly TimeSpan DefaultBackoffCap = TimeSpan.FromSeconds(5);

    private const string BackoffKey = "pass";

    private readonly Backoff<string> _backoff;
    private readonly Func<int>? _queueDepth;
    private readonly TimeProvider _time;
    private readonly ControllerMetrics? _metrics;
    private readonly ILogger _logger;
    private int _active;

    /// <param name="name">The loop's name in status, logs and metric tags.</param>
    /// <param name="backoffBase">Wait after the first failure of a row; each further one doubles it.</param>
    /// <param name="backoffCap">Longest wait between failing passes.</param>
    /// <param name="queueDepth">Work waiting for the loop, for status and the queue depth gauge; null when the loop has no queue.</param>
    /// <param name="time">The clock the backoff waits on.</param>
    /// <param name="random">Jitter for the backoff.</param>
    /// <param name="metrics">Pass counters and gauges; null in tests that do not look at them.</param>
    /// <param name="logger">The owning controller's logger, so failures log under its category.</param>
    public LoopRunner(
        string name,
        TimeSpan backoffBase,
        TimeSpan backoffCap,
        Func<int>? queueDepth,
        TimeProvider time,
        IRandomSource random,
        ControllerMetrics? metrics,
        ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Status = new ControllerStatus(name);
        _backoff = new Backoff<string>(backoffBase, backoffCap, random);
        _queueDepth = queueDepth;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public string Name { get; }

    public ControllerStatus Status { get; }

    public int? QueueDepth => _queueDepth?.Invoke();

    /// <summary>Failing passes since the last completed one.</summary>
    public int ConsecutiveFailures => _backoff.Failures(BackoffKey);

    /// <summary>
    /// Runs <paramref name="passAsync"/> and then <paramref name="waitAsync"/> with the pass's
    /// result, over and over, until <paramref name="stoppingToken"/> is cancelled. Only cancellation
    /// ends it: every other exception becomes a backoff.
    /// </summary>
    public async Task RunAsync<TNext>(
        Func<CancellationToken, ValueTask<TNext>> passAsync,
        Func<TNext, CancellationToken, Task> waitAsync,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(passAsync);
        ArgumentNullException.ThrowIfNull(waitAsync);
        _metrics?.Register(Name, _queueDepth, () => Volatile.Read(ref _active));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan retryIn;
                try
                {
                    var next = await PassAsync(passAsync, stoppingToken).ConfigureAwait(false);
                    await waitAsync(next, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    retryIn = _backoff.Next(BackoffKey);
                    var now = _time.GetUtcNow();
                    Status.RecordFailure(now, ex.Message, now + retryIn);
                    LogPassFailed(ex, Name, _backoff.Failures(BackoffKey), retryIn);
                }

                try
                {
                    await Task.Delay(retryIn, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            _metrics?.Unregister(Name);
        }
    }

    private async ValueTask<TNext> PassAsync<TNext>(Func<CancellationToken, ValueTask<TNext>> passAsync, CancellationToken stoppingToken)
    {
        var started = _time.GetTimestamp();
        Volatile.Write(ref _active, 1);
        string? result = null;
        try
        {
            var next = await passAsync(stoppingToken).ConfigureAwait(false);
            result = ControllerMetrics.ResultSuccess;
            var failures = _backoff.Failures(BackoffKey);
            if (failures > 0)
            {
                _backoff.Reset(BackoffKey);
                LogRecovered(Name, failures);
            }

            Status.RecordSuccess(_time.GetUtcNow());
            return next;
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            result = ControllerMetrics.ResultError;
            throw;
        }
        finally
        {
            Volatile.Write(ref _active, 0);
            if (result is not null)
            {
                _metrics?.RecordReconcile(Name, result, _time.GetElapsedTime(started));
            }
        }
    }

    // EventIds 1020-1029: the loop runner (1000-1099 belong to the reconcile engine).
    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "Loop {Loop} pass failed ({Failures} in a row); retrying in {RetryIn}")]
    private partial void LogPassFailed(Exception exception, string loop, int failures, TimeSpan retryIn);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Loop {Loop} completed a pass after {Failures} failure(s)")]
    private partial void LogRecovered(string loop, int failures);
}
