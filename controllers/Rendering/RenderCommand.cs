using System.Collections.Immutable;

namespace Verwalter.Rendering;

/// <summary>
/// One command of a render file (<c>commands:</c>), as parsed from its YAML tag. Strings are
/// kept unexpanded; <c>{{ role }}</c> and <c>{{ files.NAME }}</c> are expanded when the command runs.
/// </summary>
public abstract record RenderCommand
{
    /// <summary>Where the command stands in its render file (for error messages).</summary>
    public int Line { get; init; }
}

/// <summary><c>!RootCommand [argv...]</c>: through <c>/usr/bin/sudo -n</c> when not root.</summary>
public sealed record RootCommand(ImmutableArray<string> Argv) : RenderCommand;

/// <summary><c>!Cmd [argv...]</c>: run as the current user; argv[0] is not expanded.</summary>
public sealed record CmdCommand(ImmutableArray<string> Argv) : RenderCommand;

/// <summary><c>!Sh "script"</c>: <c>sh -exc script</c>.</summary>
public sealed record ShCommand(string Script) : RenderCommand;

/// <summary><c>!Copy {src, dest, mode?}</c>: atomic replace of <c>dest</c>.</summary>
public sealed record CopyCommand(string Src, string Dest, int? Mode) : RenderCommand;

/// <summary><c>!SplitText {section, validate, src, dest, mode?}</c>: one file per section; stale section files deleted.</summary>
public sealed record SplitTextCommand(string Section, string Validate, string Src, string Dest, int? Mode) : RenderCommand;

/// <summary><c>!CleanFiles {pattern, keep-list}</c>: delete matches whose captured name is not in the keep-list file.</summary>
public sealed record CleanFilesCommand(string Pattern, string KeepList) : RenderCommand;

/// <summary><c>!PeekLog "logdir/path"</c>: note an external log's current size in the deployment log.</summary>
public sealed record PeekLogCommand(string Path) : RenderCommand;

/// <summary><c>!Condition {dirs-changed, commands}</c>: run the sub-commands only if a watched folder changed during this unit.</summary>
public sealed record ConditionCommand(ImmutableArray<string> DirsChanged, ImmutableArray<RenderCommand> Commands) : RenderCommand;
