namespace Verwalter.Rendering.Tera;

/// <summary>One token of a Tera template, with its 1-based position.</summary>
internal readonly record struct TeraToken(TeraTokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(TeraTokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsSymbol(string text) => Is(TeraTokenKind.Symbol, text);

    public bool IsWord(string text) => Is(TeraTokenKind.Identifier, text);
}
