namespace Verwalter.Tests.Testing;

/// <summary>Waits for a condition with a timeout (never a fixed sleep): polls until it holds or time runs out.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                last = ex;
            }

            try
            {
                await Task.Delay(PollInterval, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    public static Task WaitAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        WaitAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
