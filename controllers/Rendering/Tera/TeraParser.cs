namespace Verwalter.Rendering.Tera;

/// <summary>
/// Recursive-descent parser of Tera's statements (this file) and expressions
/// (<c>TeraParser.Expressions.cs</c>) over <see cref="TeraLexer"/>'s tokens.
/// </summary>
internal sealed partial class TeraParser(string template, List<TeraToken> tokens)
{
    private static readonly string[] Closers = ["elif", "else", "endif", "endfor", "endblock", "endmacro", "endraw"];

    private readonly Dictionary<string, TeraNode> _blocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TeraMacro> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _imports = new(StringComparer.Ordinal);
    private int _index;
    private string? _parent;
    private bool _inMacro;
    private int _loopDepth;

    private TeraToken Current => tokens[_index];

    public TeraTemplate ParseTemplate()
    {
        var nodes = ParseBody(out _, []);
        return new TeraTemplate(template, nodes, _blocks, _macros, _imports, _parent);
    }

    /// <summary>Parses nodes until a tag whose keyword is in <paramref name="stops"/> (returned, after its keyword) or the end.</summary>
    private List<TeraNode> ParseBody(out TeraToken? stop, string[] stops)
    {
        var nodes = new List<TeraNode>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TeraTokenKind.End:
                    stop = null;
                    return nodes;
                case TeraTokenKind.Text:
                    _index++;
                    nodes.Add(new TeraNode(TeraNodeKind.Text, token.Line, token.Column) { Text = token.Text });
                    break;
                case TeraTokenKind.VariableStart:
                    _index++;
                    var expr = ParseExpression();
                    Expect(TeraTokenKind.VariableEnd, "'}}'");
                    nodes.Add(new TeraNode(TeraNodeKind.Output, token.Line, token.Column) { Expr = expr });
                    break;
                default:
                    _index++;
                    var keyword = Expect(TeraTokenKind.Identifier, "a statement keyword");
                    if (Array.IndexOf(stops, keyword.Text) >= 0)
                    {
                        stop = keyword;
                        return nodes;
                    }

                    if (Array.IndexOf(Closers, keyword.Text) >= 0)
                    {
                        throw Error(keyword, $"unexpected '{{% {keyword.Text} %}}'");
                    }

                    if (ParseStatement(keyword, token) is { } node)
                    {
                        nodes.Add(node);
                    }

                    break;
            }
        }
    }

    private TeraNode? ParseStatement(TeraToken keyword, TeraToken start)
    {
        switch (keyword.Text)
        {
            case "if":
                return ParseIf(start);
            case "for":
                return ParseFor(start);
            case "break" or "continue":
                if (_loopDepth == 0)
                {
                    throw Error(keyword, $"'{keyword.Text}' outside a for loop");
                }

                EndTag();
                return new TeraNode(keyword.Text == "break" ? TeraNodeKind.Break : TeraNodeKind.Continue, start.Line, start.Column);
            case "set" or "set_global":
                var name = Expect(TeraTokenKind.Identifier, "a variable name").Text;
                Expect(TeraTokenKind.Symbol, "'='", "=");
                var value = ParseExpression();
                EndTag();
                return new TeraNode(keyword.Text == "set" ? TeraNodeKind.Set : TeraNodeKind.SetGlobal, start.Line, start.Column) { Name = name, Expr = value };
            case "include":
                var included = Expect(TeraTokenKind.String, "a template name in quotes").Text;
                var ignore = false;
                if (Current.IsWord("ignore"))
                {
                    _index++;
                    Expect(TeraTokenKind.Identifier, "'missing'", "missing");
                    ignore = true;
                }

                EndTag();
                return new TeraNode(TeraNodeKind.Include, start.Line, start.Column) { Name = included, IgnoreMissing = ignore };
            case "extends":
                if (_parent is not null || _index > 2 && tokens.Take(_index - 2).Any(t => t.Kind != TeraTokenKind.Text || !string.IsNullOrWhiteSpace(t.Text)))
                {
                    throw Error(keyword, "'extends' must be the first tag of the template");
                }

                _parent = Expect(TeraTokenKind.String, "a template name in quotes").Text;
                EndTag();
                return null;
            case "import":
                var imported = Expect(TeraTokenKind.String, "a template name in quotes").Text;
                Expect(TeraTokenKind.Identifier, "'as'", "as");
                _imports[Expect(TeraTokenKind.Identifier, "a namespace name").Text] = imported;
                EndTag();
                return null;
            case "block":
                return ParseBlock(start);
            case "macro":
                ParseMacro(keyword);
                return null;
            case "raw":
                throw Error(keyword, "'raw' must be written as '{% raw %}'");
            default:
                throw Error(keyword, $"unknown tag '{keyword.Text}'");
        }
    }

    private TeraNode ParseIf(TeraToken start)
    {
        var branches = new List<(TeraExpr?, IReadOnlyList<TeraNode>)>();
        var condition = ParseExpression();
        while (true)
        {
            EndTag();
            var body = ParseBody(out var stop, ["elif", "else", "endif"]);
            branches.Add((condition, body));
            switch (stop?.Text)
            {
                case "elif":
                    condition = ParseExpression();
                    break;
                case "else":
                    EndTag();
                    branches.Add((null, ParseBody(out var final, ["endif"])));
                    Require(final, "endif", start);
                    EndTag();
                    return new TeraNode(TeraNodeKind.If, start.Line, start.Column) { Branches = branches };
                case "endif":
                    EndTag();
                    return new TeraNode(TeraNodeKind.If, start.Line, start.Column) { Branches = branches };
                default:
                    throw Error(start, "'{% if %}' without '{% endif %}'");
            }
        }
    }

    private TeraNode ParseFor(TeraToken start)
    {
        var first = Expect(TeraTokenKind.Identifier, "a loop variable").Text;
        string? key = null;
        var value = first;
        if (Current.IsSymbol(","))
        {
            _index++;
            key = first;
            value = Expect(TeraTokenKind.Identifier, "a loop variable").Text;
        }

        Expect(TeraTokenKind.Identifier, "'in'", "in");
        var source = ParseExpression();
        EndTag();
        _loopDepth++;
        var body = ParseBody(out var stop, ["else", "endfor"]);
        _loopDepth--;
        IReadOnlyList<TeraNode>? empty = null;
        if (stop?.Text == "else")
        {
            EndTag();
            empty = ParseBody(out stop, ["endfor"]);
        }

        Require(stop, "endfor", start);
        EndTag();
        return new TeraNode(TeraNodeKind.For, start.Line, start.Column) { Name = value, KeyName = key, Expr = source, Body = body, Else = empty };
    }

    private TeraNode ParseBlock(TeraToken start)
    {
        var name = Expect(TeraTokenKind.Identifier, "a block name");
        if (_inMacro)
        {
            throw Error(name, "blocks cannot be defined in a macro");
        }

        EndTag();
        var body = ParseBody(out var stop, ["endblock"]);
        Require(stop, "endblock", start);
        if (Current.Kind == TeraTokenKind.Identifier && Current.Text != name.Text)
        {
            throw Error(Current, $"'endblock {Current.Text}' closes block '{name.Text}'");
        }

        if (Current.Kind == TeraTokenKind.Identifier)
        {
            _index++;
        }

        EndTag();
        var node = new TeraNode(TeraNodeKind.Block, start.Line, start.Column) { Name = name.Text, Body = body };
        if (!_blocks.TryAdd(name.Text, node))
        {
            throw Error(name, $"block '{name.Text}' is defined twice");
        }

        return node;
    }

    private void ParseMacro(TeraToken keyword)
    {
        if (_inMacro || _loopDepth > 0)
        {
            throw Error(keyword, "macros can only be defined at the top level");
        }

        var name = Expect(TeraTokenKind.Identifier, "a macro name").Text;
        Expect(TeraTokenKind.Symbol, "'('", "(");
        var parameters = new List<KeyValuePair<string, TeraExpr?>>();
        while (!Current.IsSymbol(")"))
        {
            var parameter = Expect(TeraTokenKind.Identifier, "a parameter name").Text;
            TeraExpr? fallback = null;
            if (Current.IsSymbol("="))
            {
                _index++;
                fallback = ParsePrimary();
            }

            parameters.Add(new(parameter, fallback));
            if (!Current.IsSymbol(","))
            {
                break;
            }

            _index++;
        }

        Expect(TeraTokenKind.Symbol, "')'", ")");
        EndTag();
        _inMacro = true;
        var body = ParseBody(out var stop, ["endmacro"]);
        _inMacro = false;
        Require(stop, "endmacro", keyword);
        if (Current.Kind == TeraTokenKind.Identifier)
        {
            _index++;
        }

        EndTag();
        if (!_macros.TryAdd(name, new TeraMacro(name, parameters, body)))
        {
            throw Error(keyword, $"macro '{name}' is defined twice");
        }
    }

    private void Require(TeraToken? stop, string keyword, TeraToken start)
    {
        if (stop?.Text != keyword)
        {
            throw Error(start, $"'{{% {TagName(keyword)} %}}' without '{{% {keyword} %}}'");
        }
    }

    private static string TagName(string end) => end[3..];

    private void EndTag() => Expect(TeraTokenKind.TagEnd, "'%}'");

    private TeraToken Expect(TeraTokenKind kind, string what, string? text = null)
    {
        var token = Current;
        if (token.Kind != kind || (text is not null && token.Text != text))
        {
            throw Error(token, $"expected {what}, found {TeraLexer.Describe(token)}");
        }

        _index++;
        return token;
    }

    private TeraException Error(TeraToken at, string message) => new(template, at.Line, at.Column, message);
}
