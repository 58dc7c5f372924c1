namespace Verwalter.Reconciliation;

/// <summary>
/// What a reconcile pass asks of the engine. A thrown exception means "failed, retry with
/// backoff"; <see cref="TerminalReconcileException"/> means "failed, wait for a change".
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Converged; nothing to do until a watch source enqueues the key again.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Converged for now; look again after <paramref name="delay"/> (resync, debounce).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
