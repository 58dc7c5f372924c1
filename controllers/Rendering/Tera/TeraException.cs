namespace Verwalter.Rendering.Tera;

/// <summary>
/// A Tera template failed to parse or render. <see cref="Template"/> is the template the
/// position is in (an included, imported or parent template may differ from the one rendered).
/// </summary>
public sealed class TeraException : Exception
{
    public TeraException() { }

    public TeraException(string message) : base(message) { }

    public TeraException(string message, Exception inner) : base(message, inner) { }

    public TeraException(string? template, int line, int column, string message) : base(message)
    {
        Template = template;
        Line = line;
        Column = column;
    }

    /// <summary>The template's name (its path in the template folder), when known.</summary>
    public string? Template { get; }

    /// <summary>1-based line, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, 0 when unknown.</summary>
    public int Column { get; }
}
