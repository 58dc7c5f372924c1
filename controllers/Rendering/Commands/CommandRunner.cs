using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// Runs one render unit's commands (phase 2 of a role's apply) in order. The first failure stops
/// the unit with a <see cref="RenderException"/> of kind <see cref="RenderFailure.Commands"/> that
/// names the unit, the command's number and its description; later commands do not run. Each
/// command first writes its description to the role log (prefixed <c>(dry_run) </c> in dry-run,
/// where nothing runs or is written). The caller writes the unit's ActionStart/ActionFinish markers.
/// </summary>
internal static class CommandRunner
{
    public static Task RunAsync(RenderFile unit, CommandContext context, CancellationToken cancellationToken) =>
        RunAsync(unit, context, TimeProvider.System, cancellationToken);

    /// <param name="time">Clock for <see cref="CommandContext.CommandTimeout"/>.</param>
    public static async Task RunAsync(RenderFile unit, CommandContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        var signatures = context.DryRun ? [] : TakeSignatures(unit);
        for (var i = 0; i < unit.Commands.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            await RunOneAsync(unit.Commands[i], unit.RelativePath, number, signatures, context, time, cancellationToken);
        }
    }

    /// <summary>
    /// Signatures of every folder a top-level <c>!Condition</c> watches, taken before the unit's
    /// first command (null for a folder that does not exist).
    /// </summary>
    private static Dictionary<string, string?> TakeSignatures(RenderFile unit)
    {
        var signatures = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < unit.Commands.Length; i++)
        {
            if (unit.Commands[i] is not ConditionCommand condition)
            {
                continue;
            }

            foreach (var dir in condition.DirsChanged)
            {
                var full = AtomicFile.FullPath(dir);
                try
                {
                    signatures.TryAdd(full, DirSignature.Compute(full));
                }
                catch (Exception e) when (AtomicFile.IsFileError(e))
                {
                    var step = new CommandStep(unit.RelativePath, (i + 1).ToString(CultureInfo.InvariantCulture), DescribeCondition(condition));
                    throw step.Fail($"failed: can't read watched folder {full} before the unit ran: {e.Message}", e);
                }
            }
        }

        return signatures;
    }

    private static async Task RunOneAsync(
        RenderCommand command,
        string unit,
        string number,
        IReadOnlyDictionary<string, string?> signatures,
        CommandContext context,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        string Expand(string text) => CommandExpander.Expand(text, context);

        ImmutableArray<string> argv;
        string description;
        try
        {
            argv = command switch
            {
                RootCommand c => ProcessArgv.Root(c.Argv, Posix.IsRoot, Expand),
                CmdCommand c => ProcessArgv.Cmd(c.Argv, Expand),
                ShCommand c => ProcessArgv.Sh(c.Script, Expand),
                _ => default,
            };
            description = command switch
            {
                RootCommand => CommandDescription.Argv("RootCommand", argv),
                CmdCommand => CommandDescription.Argv("Cmd", argv),
                ShCommand => $"Sh {CommandDescription.Quote(argv[2])}",
                CopyCommand c => CopyAction.Describe(c, context),
                SplitTextCommand c => SplitTextAction.Describe(c, context),
                CleanFilesCommand c => CleanFilesAction.Describe(c, context),
                PeekLogCommand c => PeekLogAction.Describe(c, context),
                ConditionCommand c => DescribeCondition(c),
                _ => command.GetType().Name,
            };
        }
        catch (FormatException e)
        {
            throw new RenderException(RenderFailure.Commands, $"{unit}: command {number}: {e.Message}", e);
        }

        var step = new CommandStep(unit, number, description);
        context.Log.WriteLine(context.DryRun ? "(dry_run) " + description : description);
        try
        {
            switch (command)
            {
                case RootCommand or CmdCommand or ShCommand when !context.DryRun:
                    await ChildProcess.RunAsync(argv, step, context, time, cancellationToken);
                    break;
                case CopyCommand c when !context.DryRun:
                    CopyAction.Run(c, step, context);
                    break;
                case SplitTextCommand c when !context.DryRun:
                    SplitTextAction.Run(c, step, context);
                    break;
                case CleanFilesCommand c:
                    CleanFilesAction.Run(c, step, context);
                    break;
                case PeekLogCommand c when !context.DryRun:
                    PeekLogAction.Run(c, context);
                    break;
                case ConditionCommand c:
                    await RunConditionAsync(c, step, signatures, context, time, cancellationToken);
                    break;
                case RootCommand or CmdCommand or ShCommand or CopyCommand or SplitTextCommand or PeekLogCommand:
                    break;
                default:
                    throw step.Fail($"is not a command this version knows ({command.GetType().Name})");
            }
        }
        catch (Exception e) when (AtomicFile.IsFileError(e))
        {
            throw step.Fail($"failed: {e.Message}", e);
        }
    }

    private static async Task RunConditionAsync(
        ConditionCommand condition,
        CommandStep step,
        IReadOnlyDictionary<string, string?> signatures,
        CommandContext context,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var changed = context.DryRun ? "(dry_run: not checked)" : FirstChange(condition, signatures);
        if (changed is null)
        {
            context.Log.WriteLine($"Condition: no watched folder changed; skipping {condition.Commands.Length} command(s)");
            return;
        }

        if (!context.DryRun)
        {
            context.Log.WriteLine($"Condition: {changed}; running {condition.Commands.Length} command(s)");
        }

        for (var i = 0; i < condition.Commands.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var number = step.Number + "." + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (condition.Commands[i] is ConditionCommand)
            {
                throw new RenderException(RenderFailure.Commands, $"{step.Unit}: command {number}: !Condition is allowed only at the top level of a render file");
            }

            await RunOneAsync(condition.Commands[i], step.Unit, number, signatures, context, time, cancellationToken);
        }
    }

    /// <summary>The first watched folder that changed since the unit started, as a log phrase, or null.</summary>
    private static string? FirstChange(ConditionCommand condition, IReadOnlyDictionary<string, string?> signatures)
    {
        foreach (var dir in condition.DirsChanged)
        {
            var full = AtomicFile.FullPath(dir);
            var before = signatures.GetValueOrDefault(full);
            var now = DirSignature.Compute(full);
            var change = (before, now) switch
            {
                (null, null) => null,
                (null, _) => "appeared",
                (_, null) => "disappeared",
                _ when before != now => "changed",
                _ => null,
            };
            if (change is not null)
            {
                return $"{full} {change}";
            }
        }

        return null;
    }

    private static string DescribeCondition(ConditionCommand condition) =>
        $"Condition dirs-changed [{string.Join(", ", condition.DirsChanged.Select(CommandDescription.Quote))}]";
}
