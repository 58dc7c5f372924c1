namespace Verwalter.Reconciliation;

/// <summary>
/// Holds the latest immutable snapshot a loop publishes and lets other loops wait for a newer
/// one. Versions increase by one per publish; readers never see a half-built value.
/// </summary>
public sealed class SnapshotPublisher<T> where T : class
{
    private readonly Lock _lock = new();
    private Versioned<T>? _current;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Versioned<T>? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public Versioned<T> Publish(T value)
    {
        TaskCompletionSource toRelease;
        Versioned<T> published;
        lock (_lock)
        {
            published = new Versioned<T>((_current?.Version ?? 0) + 1, value);
            _current = published;
            toRelease = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        toRelease.TrySetResult();
        return published;
    }

    /// <summary>Completes with the first snapshot whose version is above <paramref name="afterVersion"/>.</summary>
    public async Task<Versioned<T>> WaitForNewerAsync(long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_current is not null && _current.Version > afterVersion)
                {
                    return _current;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A snapshot with the version it was published under.</summary>
public sealed record Versioned<T>(long Version, T Value);
