namespace Verwalter.Reconciliation;

/// <summary>
/// A loop's condition as the status API and the readiness check read it. Thread-safe: written
/// by the controller host, read by HTTP handlers.
/// </summary>
public sealed class ControllerStatus(string name)
{
    private readonly Lock _lock = new();
    private ControllerCondition _condition = new(name, null, null, null, null, 0);

    public string Name { get; } = name;

    public ControllerCondition Current
    {
        get
        {
            lock (_lock)
            {
                return _condition;
            }
        }
    }

    public void RecordSuccess(DateTimeOffset at)
    {
        lock (_lock)
        {
            _condition = _condition with { LastSuccess = at, LastError = null, LastErrorAt = null, ConsecutiveFailures = 0 };
        }
    }

    public void RecordFailure(DateTimeOffset at, string message, DateTimeOffset? retryAt)
    {
        lock (_lock)
        {
            _condition = _condition with
            {
                LastError = message,
                LastErrorAt = at,
                NextRetry = retryAt,
                ConsecutiveFailures = _condition.ConsecutiveFailures + 1,
            };
        }
    }
}

/// <summary>An immutable view of a <see cref="ControllerStatus"/>.</summary>
public sealed record ControllerCondition(
    string Name,
    DateTimeOffset? LastSuccess,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? NextRetry,
    int ConsecutiveFailures);
