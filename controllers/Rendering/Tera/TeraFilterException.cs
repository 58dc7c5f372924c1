namespace Verwalter.Rendering.Tera;

/// <summary>A filter was given a value or argument it cannot work with; the renderer adds the position.</summary>
public sealed class TeraFilterException : Exception
{
    public TeraFilterException() { }

    public TeraFilterException(string message) : base(message) { }

    public TeraFilterException(string message, Exception inner) : base(message, inner) { }
}
