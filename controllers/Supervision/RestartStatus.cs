namespace Verwalter.Supervision;

/// <summary>
/// Where an instance is in the restart cycle. There is deliberately no "failed" value: a crashing
/// instance is always retried, at most <see cref="RestartPolicy.BackoffCap"/> apart.
/// </summary>
internal enum RestartStatus
{
    NeverStarted,
    Running,
    Waiting,
}
