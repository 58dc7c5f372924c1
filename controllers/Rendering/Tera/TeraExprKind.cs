namespace Verwalter.Rendering.Tera;

/// <summary>What a <see cref="TeraExpr"/> computes.</summary>
internal enum TeraExprKind
{
    /// <summary>A literal: <see cref="TeraExpr.Value"/>.</summary>
    Literal,
    /// <summary>A variable: <see cref="TeraExpr.Name"/>.</summary>
    Variable,
    /// <summary><c>Left.Name</c> or <c>Left[Right]</c>.</summary>
    Member,
    /// <summary>An array literal of <see cref="TeraExpr.Items"/>.</summary>
    Array,
    /// <summary><c>Left op Right</c> with <see cref="TeraExpr.Name"/> the operator.</summary>
    Binary,
    /// <summary><c>not Left</c> or <c>-Left</c>.</summary>
    Unary,
    /// <summary><c>Left | Name(Arguments)</c>.</summary>
    Filter,
    /// <summary><c>Left is [not] Name(Items)</c>; <see cref="TeraExpr.Negated"/> for <c>is not</c>.</summary>
    Test,
    /// <summary><c>Name(Arguments)</c>: a global function.</summary>
    Call,
    /// <summary><c>Namespace::Name(Arguments)</c>: a macro.</summary>
    MacroCall,
    /// <summary><c>super()</c> inside a block.</summary>
    Super,
}
