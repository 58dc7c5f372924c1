using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

/// <summary>
/// A reconciler whose passes a test scripts per key and pass number. Keys starting with "~" are
/// markers that always succeed (see <see cref="HostHarness.SettleAsync"/>).
/// </summary>
internal sealed class ScriptedReconciler : IReconciler<string>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _passes = [];
    private readonly Dictionary<string, int> _inFlight = [];
    private readonly Dictionary<(string, int), TaskCompletionSource> _started = [];

    public Func<string, int, CancellationToken, ValueTask<ReconcileResult>> Handler { get; set; } =
        (_, _, _) => ValueTask.FromResult(ReconcileResult.Done);

    public int MaxConcurrentPerKey { get; private set; }

    public int Passes(string key)
    {
        lock (_lock)
        {
            return _passes.GetValueOrDefault(key);
        }
    }

    public Task WaitForPassAsync(string key, int pass, CancellationToken cancellationToken) =>
        Started(key, pass).Task.WaitAsync(cancellationToken);

    public async ValueTask<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        int pass;
        lock (_lock)
        {
            pass = _passes[key] = _passes.GetValueOrDefault(key) + 1;
            var inFlight = _inFlight[key] = _inFlight.GetValueOrDefault(key) + 1;
            MaxConcurrentPerKey = Math.Max(MaxConcurrentPerKey, inFlight);
        }

        Started(key, pass).TrySetResult();
        try
        {
            return key.StartsWith('~') ? ReconcileResult.Done : await Handler(key, pass, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight[key]--;
            }
        }
    }

    private TaskCompletionSource Started(string key, int pass)
    {
        lock (_lock)
        {
            if (!_started.TryGetValue((key, pass), out var latch))
            {
                latch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _started[(key, pass)] = latch;
            }

            return latch;
        }
    }
}
