using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Verwalter.Reconciliation;

/// <summary>
/// The one engine every keyed controller runs on (controller-runtime's
/// <c>pkg/internal/controller/controller.go</c>): a de-duplicating queue, N workers, a logging
/// scope per pass, per-key backoff on failure, <see cref="ReconcileResult.RequeueAfter"/> through
/// the injected clock, status and metrics. Reconcilers contain no retry loops of their own.
/// When the reconciler also implements <see cref="IWatchSource{TKey}"/>, its watch runs for the
/// host's whole life and feeds the queue.
/// </summary>
public sealed partial class ControllerHost<TKey>(
    ControllerHostOptions options,
    IReconciler<TKey> reconciler,
    TimeProvider time,
    IRandomSource random,
    ControllerMetrics metrics,
    ILogger logger) : BackgroundService, IQueueWriter<TKey>, IControllerLoop where TKey : notnull
{
    private readonly WorkQueue<TKey> _queue = new(time);
    private readonly Backoff<TKey> _backoff = new(options.BackoffBase, options.BackoffCap, random);
    private readonly Backoff<string> _watchBackoff = new(options.BackoffBase, options.BackoffCap, random);
    private readonly int _workers = options.Workers >= 1
        ? options.Workers
        : throw new ArgumentOutOfRangeException(nameof(options), options.Workers, "Workers must be at least 1.");
    private int _activeWorkers;
    private long _reconcileIds;

    public string Name { get; } = !string.IsNullOrWhiteSpace(options.Name)
        ? options.Name
        : throw new ArgumentException("A controller needs a name.", nameof(options));

    public ControllerStatus Status { get; } = new(options.Name);

    /// <summary>Keys ready and waiting for a worker.</summary>
    public int QueueDepth => _queue.Count;

    int? IControllerLoop.QueueDepth => QueueDepth;

    /// <summary>Workers currently inside a reconcile pass.</summary>
    public int ActiveWorkers => Volatile.Read(ref _activeWorkers);

    public void Enqueue(TKey key) => _queue.Add(key);

    public void EnqueueAfter(TKey key, TimeSpan delay) => _queue.AddAfter(key, delay);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Register(Name, () => QueueDepth, () => ActiveWorkers);
        LogStarting(Name, _workers);
        try
        {
            var running = new List<Task>(_workers + 1);
            if (reconciler is IWatchSource<TKey> watch)
            {
                running.Add(WatchAsync(watch, stoppingToken));
            }

            for (var i = 0; i < _workers; i++)
            {
                running.Add(WorkAsync(stoppingToken));
            }

            // The first task that faults is a broken invariant: let it leave ExecuteAsync so the
            // host stops, rather than wait for the others.
            while (running.Count > 0)
            {
                var finished = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(finished);
                await finished.ConfigureAwait(false);
            }
        }
        finally
        {
            _queue.ShutDown();
            metrics.Unregister(Name);
            LogStopped(Name);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_queue.TryDequeue(out var key))
                {
                    await ProcessAsync(key, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _activeWorkers);
        var reconcileId = Interlocked.Increment(ref _reconcileIds);
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[]
        {
            new("Controller", Name),
            new("Key", key),
            new("ReconcileId", reconcileId),
        });
        var started = time.GetTimestamp();
        string? result = null;
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, stoppingToken).ConfigureAwait(false);
            var elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
            var failures = _backoff.Failures(key);
            _backoff.Reset(key);
            Status.RecordSuccess(time.GetUtcNow());
            if (failures > 0)
            {
                LogRecovered(key, failures);
            }

            if (outcome.RequeueAfter is { } after)
            {
                result = ControllerMetrics.ResultRequeueAfter;
                _queue.AddAfter(key, after);
                LogReconciledRequeue(key, elapsedMs, after);
            }
            else
            {
                result = ControllerMetrics.ResultSuccess;
                LogReconciled(key, elapsedMs);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogCancelled(key);
        }
        catch (TerminalReconcileException ex)
        {
            result = ControllerMetrics.ResultTerminal;
            _backoff.Reset(key);
            Status.RecordFailure(time.GetUtcNow(), ex.Message, retryAt: null);
            LogTerminal(ex, key);
        }
        catch (Exception ex)
        {
            result = ControllerMetrics.ResultError;
            var delay = _backoff.Next(key);
            var now = time.GetUtcNow();
            Status.RecordFailure(now, ex.Message, now + delay);
            _queue.AddAfter(key, delay);
            LogFailed(ex, key, _backoff.Failures(key), delay);
        }
        finally
        {
            if (result is not null)
            {
                metrics.RecordReconcile(Name, result, time.GetElapsedTime(started));
            }

            _queue.Done(key);
            Interlocked.Decrement(ref _activeWorkers);
        }
    }

    private async Task WatchAsync(IWatchSource<TKey> watch, CancellationToken stoppingToken)
    {
        const string WatchKey = "watch";
        while (true)
        {
            var started = time.GetTimestamp();
            TimeSpan retryIn;
            try
            {
                await watch.WatchAsync(this, stoppingToken).ConfigureAwait(false);
                LogWatchEnded(Name);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A watch that ran for a long time before failing starts its backoff afresh.
                if (time.GetElapsedTime(started) >= _watchBackoff.Cap)
                {
                    _watchBackoff.Reset(WatchKey);
                }

                retryIn = _watchBackoff.Next(WatchKey);
                var now = time.GetUtcNow();
                Status.RecordFailure(now, ex.Message, now + retryIn);
                LogWatchFailed(ex, Name, retryIn);
            }

            try
            {
                await Task.Delay(retryIn, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
