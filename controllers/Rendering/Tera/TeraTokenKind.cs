namespace Verwalter.Rendering.Tera;

/// <summary>What a <see cref="TeraToken"/> is.</summary>
internal enum TeraTokenKind
{
    Text,
    VariableStart,
    VariableEnd,
    TagStart,
    TagEnd,
    Identifier,
    Integer,
    Float,
    String,
    Symbol,
    End,
}
