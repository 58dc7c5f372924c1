namespace Verwalter.Rendering.Tera;

/// <summary>What a <see cref="TeraNode"/> does.</summary>
internal enum TeraNodeKind
{
    Text,
    Output,
    If,
    For,
    Break,
    Continue,
    Set,
    SetGlobal,
    Include,
    Block,
}
