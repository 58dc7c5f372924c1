namespace Verwalter.Rendering.Tera;

/// <summary>One node of a parsed Tera expression; which fields are set depends on <see cref="Kind"/>.</summary>
internal sealed class TeraExpr(TeraExprKind kind, int line, int column)
{
    public TeraExprKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Name { get; init; } = string.Empty;

    public string? Namespace { get; init; }

    public object? Value { get; init; }

    public TeraExpr? Left { get; init; }

    public TeraExpr? Right { get; init; }

    public bool Negated { get; init; }

    public IReadOnlyList<TeraExpr> Items { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, TeraExpr>> Arguments { get; init; } = [];
}
