using System.Net;
using System.Net.Sockets;
using Spectre.Console;

namespace Verwalter.Api.Cli;

/// <summary>
/// Runs a local cluster for <c>verwalter up</c>: starts one daemon per node, waits until each
/// answers <c>/readyz</c>, keeps them until cancelled, then stops them all (SIGTERM, then
/// SIGKILL for stragglers). Restarts nothing.
/// </summary>
internal sealed class UpRunner(
    IReadOnlyList<UpNode> nodes,
    IReadOnlyList<string> selfCommand,
    UpSettings settings,
    IAnsiConsole console,
    Action<IReadOnlyList<UpChild>> onReady,
    TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (FirstBusyEndpoint() is { } busy)
        {
            console.MarkupLineInterpolated($"[red]verwalter up[/]: {busy} is already in use; stop what listens there or pick another --port");
            return ExitCodes.Config;
        }

        var children = new List<UpChild>(nodes.Count);
        try
        {
            foreach (var node in nodes)
            {
                try
                {
                    children.Add(UpChild.Start(node, selfCommand));
                }
                catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
                {
                    console.MarkupLineInterpolated($"[red]verwalter up[/]: cannot start {node.Name} ({string.Join(' ', selfCommand)} daemon ...): {ex.Message}");
                    return ExitCodes.Failure;
                }
            }

            var failure = await WaitReadyAsync(children, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }

            if (failure is not null)
            {
                ReportFailure(failure);
                return ExitCodes.Failure;
            }

            onReady(children);
            return await RunUntilStoppedAsync(children, cancellationToken);
        }
        finally
        {
            await UpStopper.StopAllAsync(children, settings.StopGrace);
        }
    }

    private async Task<int> RunUntilStoppedAsync(List<UpChild> children, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = cancellationToken.Register(() => stopped.TrySetResult());
        var running = children.ToList();
        while (running.Count > 0)
        {
            var exited = await Task.WhenAny(running.Select(c => (Task)c.Exited).Append(stopped.Task));
            if (exited == stopped.Task)
            {
                console.MarkupLine("[grey]verwalter up: stopping all nodes[/]");
                return ExitCodes.Ok;
            }

            foreach (var child in running.Where(c => c.HasExited).ToList())
            {
                running.Remove(child);
                console.MarkupLineInterpolated($"[yellow]verwalter up[/]: {child.Node.Name} (pid {child.Pid}) exited with code {child.Exited.Result}; it is not restarted. Last lines of {child.Node.LogFile}:");
                WriteTail(child);
            }
        }

        console.MarkupLine("[red]verwalter up[/]: every node has exited");
        return ExitCodes.Failure;
    }

    private async Task<UpStartFailure?> WaitReadyAsync(List<UpChild> children, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.ReadyTimeout, time);
        using var abort = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, abort.Token, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = time.GetTimestamp();
        var progress = new UpReadinessProgress(console, settings.Interactive);
        return await progress.RunAsync(children, async (child, report) =>
        {
            var failure = await WaitOneAsync(child, http, linked.Token, cancellationToken, abort.Token);
            if (failure is null && !linked.IsCancellationRequested)
            {
                report(child, time.GetElapsedTime(started));
            }
            else if (failure is not null)
            {
                await abort.CancelAsync(); // one dead node is enough to give up on the others
            }

            return failure;
        });
    }

    private async Task<UpStartFailure?> WaitOneAsync(UpChild child, HttpClient http, CancellationToken linked, CancellationToken stopping, CancellationToken aborted)
    {
        var reason = "starting";
        while (true)
        {
            if (child.HasExited)
            {
                var code = await child.Exited;
                return new UpStartFailure(child, $"exited with code {code}", code);
            }

            if (linked.IsCancellationRequested)
            {
                return stopping.IsCancellationRequested || aborted.IsCancellationRequested
                    ? null
                    : new UpStartFailure(child, $"was not ready after {settings.ReadyTimeout.TotalSeconds:F0} s ({reason})", null);
            }

            (var ready, reason) = await ProbeAsync(http, child.Node, linked);
            if (ready)
            {
                return null;
            }

            await Task.WhenAny(Task.Delay(PollInterval, time, linked), child.Exited); // a cancelled delay ends the wait; checked above
        }
    }

    private static async Task<(bool Ready, string Reason)> ProbeAsync(HttpClient http, UpNode node, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(node.BaseUri, "readyz"), ct);
            if (response.IsSuccessStatusCode)
            {
                return (true, "ready");
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            return (false, $"/readyz {(int)response.StatusCode}: {body.Trim()}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return (false, ex is HttpRequestException ? "not listening yet" : "no answer");
        }
    }

    private void ReportFailure(UpStartFailure failure)
    {
        var child = failure.Child;
        console.MarkupLineInterpolated($"[red]verwalter up[/]: {child.Node.Name} ({child.Node.Endpoint}, pid {child.Pid}) {failure.What}");
        if (failure.ExitCode == ExitCodes.Usage)
        {
            console.MarkupLineInterpolated($"The daemon rejected its command line (exit code {ExitCodes.Usage}). This build's 'verwalter daemon' may not know an option 'up' passes: {string.Join(' ', child.Node.DaemonArgs)}");
        }

        console.MarkupLineInterpolated($"Last lines of {child.Node.LogFile}:");
        WriteTail(child);
    }

    private void WriteTail(UpChild child)
    {
        foreach (var line in child.Tail())
        {
            console.WriteLine("  " + line);
        }
    }

    /// <summary>Binds each node's TCP and UDP endpoint once, so a taken port gives a clear message instead of a dead node.</summary>
    private IPEndPoint? FirstBusyEndpoint()
    {
        foreach (var node in nodes)
        {
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(node.Endpoint);
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(node.Endpoint);
            }
            catch (SocketException)
            {
                return node.Endpoint;
            }
        }

        return null;
    }
}
