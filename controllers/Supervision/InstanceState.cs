namespace Verwalter.Supervision;

/// <summary>Where an existing instance is in its life, as the supervisor tracks it.</summary>
internal enum InstanceState
{
    /// <summary>Its process is alive.</summary>
    Running,

    /// <summary>Not running; waiting for its next allowed start (restart timeout or backoff).</summary>
    Waiting,

    /// <summary>SIGTERM was sent; it will exit (or be killed) on its own.</summary>
    Stopping,
}
