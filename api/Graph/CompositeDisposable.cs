namespace Verwalter.Api.Graph;

/// <summary>Disposes a set of subscriptions together.</summary>
internal sealed class CompositeDisposable(IReadOnlyList<IDisposable> items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
