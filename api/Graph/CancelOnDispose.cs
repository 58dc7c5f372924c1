namespace Verwalter.Api.Graph;

/// <summary>A subscription handle: disposing it cancels <see cref="Token"/> (once).</summary>
internal sealed class CancelOnDispose : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _source.Dispose();
    }
}
