namespace Verwalter.Rendering;

/// <summary>What stage of a role's apply failed; maps to <c>verwalter render</c>'s exit codes.</summary>
public enum RenderFailure
{
    /// <summary>Bad vars: not an object, no <c>deployment_id</c> or <c>role</c> (exit 3).</summary>
    Arguments = 3,
    /// <summary>No <c>template</c> variable (exit 4).</summary>
    NoTemplate = 4,
    /// <summary>A render file or template failed to load or render (exit 10); no command ran.</summary>
    Templates = 10,
    /// <summary>A command failed (exit 20); later commands did not run.</summary>
    Commands = 20,
    /// <summary>The log could not be written (exit 81).</summary>
    Logging = 81,
}

/// <summary>A role's apply failed; the message names the file (and line) or the command.</summary>
public sealed class RenderException : Exception
{
    public RenderException() { }

    public RenderException(string message) : base(message) { }

    public RenderException(string message, Exception inner) : base(message, inner) { }

    public RenderException(RenderFailure failure, string message, Exception? inner = null) : base(message, inner) => Failure = failure;

    public RenderFailure Failure { get; } = RenderFailure.Commands;
}
