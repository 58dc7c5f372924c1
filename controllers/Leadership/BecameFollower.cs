namespace Verwalter.Leadership;

/// <summary>This node follows a new leader (or the same one in a new epoch).</summary>
internal sealed record BecameFollower(string Leader, long Epoch) : ElectionAction;
