namespace Verwalter.Rendering.Tera;

/// <summary>
/// A parsed Tera template: its top-level nodes, the blocks it defines (by name, nested ones
/// included), its macros, its <c>import ... as</c> namespaces and its <c>extends</c> parent.
/// Immutable once parsed, so it may be rendered from several threads at once.
/// </summary>
internal sealed class TeraTemplate
{
    public TeraTemplate(
        string name,
        IReadOnlyList<TeraNode> nodes,
        IReadOnlyDictionary<string, TeraNode> blocks,
        IReadOnlyDictionary<string, TeraMacro> macros,
        IReadOnlyDictionary<string, string> imports,
        string? parent)
    {
        Name = name;
        Nodes = nodes;
        Blocks = blocks;
        Macros = macros;
        Imports = imports;
        Parent = parent;
    }

    /// <summary>The template's path in its template folder; include, import and extends name templates so.</summary>
    public string Name { get; }

    public IReadOnlyList<TeraNode> Nodes { get; }

    public IReadOnlyDictionary<string, TeraNode> Blocks { get; }

    public IReadOnlyDictionary<string, TeraMacro> Macros { get; }

    /// <summary>Namespace to template name.</summary>
    public IReadOnlyDictionary<string, string> Imports { get; }

    public string? Parent { get; }

    /// <summary>Parses <paramref name="source"/>; a syntax error is a <see cref="TeraException"/> with its position.</summary>
    public static TeraTemplate Parse(string name, string source) => new TeraParser(name, TeraLexer.Tokenize(source, name)).ParseTemplate();
}
