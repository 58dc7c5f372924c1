using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Templates;

/// <summary>Record equality plus element-wise comparison of argv, which records compare by reference.</summary>
internal sealed class CommandComparer : IEqualityComparer<RenderCommand>
{
    public static CommandComparer Instance { get; } = new();

    public bool Equals(RenderCommand? x, RenderCommand? y) => (x, y) switch
    {
        (RootCommand a, RootCommand b) => a.Line == b.Line && a.Argv.SequenceEqual(b.Argv),
        (CmdCommand a, CmdCommand b) => a.Line == b.Line && a.Argv.SequenceEqual(b.Argv),
        _ => EqualityComparer<RenderCommand>.Default.Equals(x, y),
    };

    public int GetHashCode(RenderCommand obj) => obj.Line;
}
