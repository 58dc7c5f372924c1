namespace Verwalter.Benchmarks;

/// <summary>A failover benchmark could not go on (no leader in time, a member died): the message says what was seen.</summary>
internal sealed class FailoverException(string message) : Exception(message);
