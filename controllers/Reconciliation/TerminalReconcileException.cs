namespace Verwalter.Reconciliation;

/// <summary>A failure that retrying cannot fix (bad input): the key waits for the next change.</summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException() { }

    public TerminalReconcileException(string message) : base(message) { }

    public TerminalReconcileException(string message, Exception inner) : base(message, inner) { }
}
