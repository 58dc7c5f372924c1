namespace Verwalter.Rendering.Tera;

/// <summary>
/// One statement of a parsed Tera template. <see cref="Branches"/> holds an <c>if</c>'s
/// conditions with their bodies (an <c>else</c> has a null condition); a <c>for</c> uses
/// <see cref="Body"/> and <see cref="Else"/>.
/// </summary>
internal sealed class TeraNode(TeraNodeKind kind, int line, int column)
{
    public TeraNodeKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Text { get; init; } = string.Empty;

    public TeraExpr? Expr { get; init; }

    /// <summary>For <c>for</c>: the value variable; for <c>set</c>: the name; for blocks and includes: the name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>For <c>for key, value</c>: the key variable.</summary>
    public string? KeyName { get; init; }

    /// <summary>For <c>include ... ignore missing</c>.</summary>
    public bool IgnoreMissing { get; init; }

    public IReadOnlyList<TeraNode> Body { get; init; } = [];

    public IReadOnlyList<TeraNode>? Else { get; init; }

    public IReadOnlyList<(TeraExpr? Condition, IReadOnlyList<TeraNode> Body)> Branches { get; init; } = [];
}
