namespace Verwalter.Api.Cli;

/// <summary>
/// Stops every node: SIGTERM to all at once, SIGKILL (with their process trees) for the ones
/// still running after the grace period. Runs on a foreground thread, which the runtime waits
/// for before the process ends, so no daemon is orphaned even if <c>Main</c> returns early.
/// </summary>
internal static class UpStopper
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    public static Task StopAllAsync(IReadOnlyList<UpChild> children, TimeSpan grace)
    {
        if (children.Count == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                StopAll(children, grace);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = false,
            Name = "verwalter up: stop nodes",
        };
        thread.Start();
        return done.Task;
    }

    private static void StopAll(IReadOnlyList<UpChild> children, TimeSpan grace)
    {
        foreach (var child in children)
        {
            child.Terminate();
        }

        Task.WaitAll(children.Select(c => (Task)c.Exited).ToArray(), grace);
        foreach (var child in children.Where(c => !c.HasExited))
        {
            child.Kill();
        }

        Task.WaitAll(children.Select(c => (Task)c.Exited).ToArray(), KillWait);
        foreach (var child in children)
        {
            child.Dispose();
        }
    }
}
