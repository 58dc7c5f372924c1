using GraphQL;

namespace Verwalter.Api.Graph;

/// <summary>Forwards a subscription's results to a WebSocket session.</summary>
internal sealed class ResultObserver(Action<ExecutionResult> next, Action<Exception> error, Action completed) : IObserver<ExecutionResult>
{
    public void OnNext(ExecutionResult value) => next(value);

    public void OnError(Exception error1) => error(error1);

    public void OnCompleted() => completed();
}
