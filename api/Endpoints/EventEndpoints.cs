using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Verwalter.Api.Contracts;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>GET /v1/events/status</c>: server-sent events, one <c>status</c> event (the body of
/// <c>/v1/status</c>) at once and then on every new snapshot of the config, schedule, render,
/// leadership, replication or peer loops, and at least every <see cref="Heartbeat"/>.
/// </summary>
internal static class EventEndpoints
{
    public const string StatusPath = "/v1/events/status";

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(StatusPath, StreamAsync);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, StatusSources sources, StatusReader reader, IHostApplicationLifetime lifetime, TimeProvider time)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.WriteAsync("retry: 1000\n\n", stop.Token);
            var seen = sources.Versions();
            while (!stop.IsCancellationRequested)
            {
                var json = JsonSerializer.Serialize(reader.Read(), VerwalterJsonContext.Default.StatusResponse);
                await response.WriteAsync(new StringBuilder("event: status\ndata: ").Append(json).Append("\n\n").ToString(), stop.Token);
                await response.Body.FlushAsync(stop.Token);
                seen = await sources.WaitForChangeAsync(seen, Heartbeat, time, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the browser went away or the daemon stops
        }
    }
}
