using Spectre.Console;

namespace Verwalter.Api.Cli;

/// <summary>
/// Waits for every node at once and shows it: a live progress display on a terminal, one line
/// per node otherwise (logs, CI, tests). The first failure is returned; the other waits go on
/// until they end, so a slow node does not hide a dead one.
/// </summary>
internal sealed class UpReadinessProgress(IAnsiConsole console, bool interactive)
{
    public delegate Task<UpStartFailure?> WaitOne(UpChild child, Action<UpChild, TimeSpan> ready);

    public async Task<UpStartFailure?> RunAsync(IReadOnlyList<UpChild> children, WaitOne wait)
    {
        if (!interactive)
        {
            var results = await Task.WhenAll(children.Select(c => wait(c, (child, elapsed) =>
                console.MarkupLineInterpolated($"{child.Node.Name} ready at {child.Node.BaseUri} ({elapsed.TotalSeconds:F1} s)"))));
            return results.FirstOrDefault(r => r is not null);
        }

        UpStartFailure?[] outcome = [];
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var tasks = children.ToDictionary(c => c, c => ctx.AddTask($"{c.Node.Name} {c.Node.Endpoint}", maxValue: 1));
                outcome = await Task.WhenAll(children.Select(async c =>
                {
                    var result = await wait(c, (child, _) => tasks[child].Value = 1);
                    if (result is not null)
                    {
                        tasks[c].Description = $"{c.Node.Name} {c.Node.Endpoint} [red]failed[/]";
                    }

                    tasks[c].StopTask();
                    return result;
                }));
            });
        return outcome.FirstOrDefault(r => r is not null);
    }
}
