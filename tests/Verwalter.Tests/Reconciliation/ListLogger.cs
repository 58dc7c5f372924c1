using Microsoft.Extensions.Logging;

namespace Verwalter.Tests.Reconciliation;

/// <summary>Keeps log entries and opened scopes for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<Entry> _entries = [];
    private readonly List<object> _scopes = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<object> Scopes
    {
        get
        {
            lock (_entries)
            {
                return [.. _scopes];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        lock (_entries)
        {
            _scopes.Add(state);
        }

        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        TaskCompletionSource release;
        lock (_entries)
        {
            _entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
            release = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        release.TrySetResult();
    }

    /// <summary>Completes once <paramref name="count"/> entries match <paramref name="predicate"/>.</summary>
    public async Task WaitForAsync(Func<Entry, bool> predicate, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_entries)
            {
                if (_entries.Count(predicate) >= count)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    internal sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);
}
