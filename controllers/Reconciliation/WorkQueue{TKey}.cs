using System.Diagnostics.CodeAnalysis;

namespace Verwalter.Reconciliation;

/// <summary>
/// A de-duplicating keyed work queue with the semantics of client-go's
/// <c>util/workqueue</c>: a key waiting in the queue is not queued twice, a key being processed
/// is never handed out again until <see cref="Done"/>, and a key added while it is processed
/// ("dirty") goes back into the queue exactly once after <see cref="Done"/>. Delayed adds run on
/// timers of the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class WorkQueue<TKey>(TimeProvider time) where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, DelayedAdd> _waiting = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _shuttingDown;

    /// <summary>Keys ready to be handed out (the queue depth metric).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting on a delayed add.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    /// <summary>
    /// Adds the key once <paramref name="delay"/> has passed. When the key already waits, the
    /// earlier due time wins; a non-positive delay adds at once.
    /// </summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var dueAt = time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.DueAt <= dueAt)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var entry = new DelayedAdd(key, dueAt);
            _waiting[key] = entry;
            entry.Timer = time.CreateTimer(OnTimer, entry, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Takes the next ready key and marks it as processing; pair with <see cref="Done"/>.</summary>
    public bool TryDequeue([MaybeNullWhen(false)] out TKey key)
    {
        lock (_lock)
        {
            if (!_queue.TryDequeue(out key))
            {
                return false;
            }

            _processing.Add(key);
            _dirty.Remove(key);
            return true;
        }
    }

    /// <summary>
    /// Completes when a key is ready (true) or the queue shuts down with nothing left (false).
    /// Several readers may wake for one key; the losers of <see cref="TryDequeue"/> wait again.
    /// </summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                if (_queue.Count > 0)
                {
                    return true;
                }

                if (_shuttingDown)
                {
                    return false;
                }

                signal = _signal.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends processing of the key; re-queues it once when it was added meanwhile.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key))
            {
                throw new InvalidOperationException("Done called for a key that is not being processed.");
            }

            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                ReleaseReadersLocked();
            }
        }
    }

    /// <summary>Stops accepting keys, cancels delayed adds and wakes every reader.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            foreach (var entry in _waiting.Values)
            {
                entry.Timer.Dispose();
            }

            _waiting.Clear();
            ReleaseReadersLocked();
        }
    }

    private void OnTimer(object? state)
    {
        var entry = (DelayedAdd)state!;
        lock (_lock)
        {
            // A replaced timer may still fire once; only the current entry counts.
            if (!_waiting.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            _waiting.Remove(entry.Key);
            entry.Timer.Dispose();
            AddLocked(entry.Key);
        }
    }

    private void AddLocked(TKey key)
    {
        if (_shuttingDown || !_dirty.Add(key))
        {
            return;
        }

        if (_processing.Contains(key))
        {
            return;
        }

        _queue.Enqueue(key);
        ReleaseReadersLocked();
    }

    private void ReleaseReadersLocked()
    {
        _signal.TrySetResult();
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class DelayedAdd(TKey key, DateTimeOffset dueAt)
    {
        public TKey Key { get; } = key;

        public DateTimeOffset DueAt { get; } = dueAt;

        public ITimer Timer { get; set; } = null!;
    }
}
