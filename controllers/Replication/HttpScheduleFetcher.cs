using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Verwalter.Replication;

/// <summary>
/// <c>GET http://&lt;peer&gt;/v1/schedule</c> through a Polly pipeline per peer: retry with
/// jittered exponential backoff, a circuit breaker (so a dead peer costs nothing while open) and
/// a per-attempt timeout, all on the injected clock.
/// </summary>
internal sealed class HttpScheduleFetcher : IScheduleFetcher, IDisposable
{
    private readonly HttpClient _http;
    private readonly ReplicationOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public HttpScheduleFetcher(IOptions<ReplicationOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = _options.MaxScheduleBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("verwalter-replication");
    }

    public async Task<byte[]?> FetchAsync(string address, string? hash, CancellationToken cancellationToken)
    {
        var pipeline = _pipelines.GetOrAdd(address, _ => Build());
        var uri = new Uri(hash is null ? $"http://{address}/v1/schedule" : $"http://{address}/v1/schedule/{Uri.EscapeDataString(hash)}");
        try
        {
            return await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw new HttpRequestException($"{uri} answered {(int)response.StatusCode}", null, response.StatusCode);
                    }

                    return await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ScheduleFetchException($"fetching {uri} failed: {ex.Message}", ex);
        }
    }

    private ResiliencePipeline Build()
    {
        var transient = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>();
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new Polly.Retry.RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = transient,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = _options.BreakDuration,
                ShouldHandle = transient,
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    public void Dispose() => _http.Dispose();
}
