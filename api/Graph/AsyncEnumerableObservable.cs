namespace Verwalter.Api.Graph;

/// <summary>
/// An <see cref="IObservable{T}"/> over an async stream, as GraphQL subscriptions want it: each
/// subscription runs the stream on its own until the subscriber disposes (which cancels it).
/// </summary>
internal sealed class AsyncEnumerableObservable<T>(Func<CancellationToken, IAsyncEnumerable<T>> source) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var subscription = new CancelOnDispose();
        _ = RunAsync(observer, subscription.Token);
        return subscription;
    }

    private async Task RunAsync(IObserver<T> observer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source(cancellationToken).WithCancellation(cancellationToken))
            {
                observer.OnNext(item);
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed: nothing more to tell.
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
        }
    }
}
