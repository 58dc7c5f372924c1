using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Reconciliation;

/// <summary>One controller host on a manual clock with a scripted reconciler and a 10-second test timeout.</summary>
internal sealed class HostHarness : IAsyncDisposable
{
    public const string ControllerName = "test";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private int _markers;

    public HostHarness(
        int workers = 1,
        IRandomSource? random = null,
        Func<ScriptedReconciler, IReconciler<string>>? wrap = null,
        TestMeterFactory? meterFactory = null)
    {
        MeterFactory = meterFactory ?? new TestMeterFactory();
        Metrics = new ControllerMetrics(MeterFactory);
        Host = new ControllerHost<string>(
            new ControllerHostOptions { Name = ControllerName, Workers = workers },
            wrap is null ? Reconciler : wrap(Reconciler),
            Time,
            random ?? new FixedRandomSource(0.5),
            Metrics,
            Logger);
    }

    public ManualTimeProvider Time { get; } = new();

    public ScriptedReconciler Reconciler { get; } = new();

    public ListLogger Logger { get; } = new();

    public TestMeterFactory MeterFactory { get; }

    public ControllerMetrics Metrics { get; }

    public ControllerHost<string> Host { get; }

    public CancellationToken Timeout => _timeout.Token;

    public Task StartAsync() => Host.StartAsync(Timeout);

    public Task WaitForPassAsync(string key, int pass) => Reconciler.WaitForPassAsync(key, pass, Timeout);

    /// <summary>Waits for the <paramref name="count"/>-th entry with the event id about <paramref name="key"/>.</summary>
    public Task WaitForLogAsync(int eventId, string key, int count = 1) =>
        Logger.WaitForAsync(e => e.EventId == eventId && e.Message.Contains($" {key} ", StringComparison.Ordinal), count, Timeout);

    /// <summary>
    /// With one worker, queues a marker key and waits for its pass: every key queued before it
    /// has then been fully handled (Done, requeue timers set, status and metrics recorded).
    /// The marker's own success does count in status and metrics.
    /// </summary>
    public Task SettleAsync()
    {
        var marker = $"~{Interlocked.Increment(ref _markers)}";
        Host.Enqueue(marker);
        return WaitForPassAsync(marker, 1);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(Timeout);
        Host.Dispose();
        MeterFactory.Dispose();
        _timeout.Dispose();
    }
}
