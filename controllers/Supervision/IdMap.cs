namespace Verwalter.Supervision;

/// <summary>One user-namespace mapping line: <c>Count</c> ids from <c>Inside</c> map to <c>Outside</c>.</summary>
internal readonly record struct IdMap(long Inside, long Outside, long Count);
