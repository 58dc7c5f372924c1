using System.Collections;
using System.Text;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Renders a <see cref="TeraTemplate"/> with Tera's semantics: statements here, expressions in
/// <c>TeraRenderer.Expressions.cs</c>. One instance renders one template once (not thread-safe);
/// <paramref name="find"/> resolves the names used by include, import and extends.
/// </summary>
internal sealed partial class TeraRenderer(Func<string, TeraTemplate?> find, IDictionary<string, object?> context)
{
    /// <summary>How deep includes and macro calls may nest (a template including itself stops here).</summary>
    public const int MaxDepth = 64;

    /// <summary>How many loop iterations one render may run in all.</summary>
    public const int MaxIterations = 1_000_000;

    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, object?> _globals = new(StringComparer.Ordinal);
    private List<Dictionary<string, object?>> _frames = [];
    private TeraTemplate _current = null!;
    private IReadOnlyList<TeraTemplate> _chain = [];
    private bool _inMacro;
    private int _depth;
    private long _iterations;
    private (string Name, int Level)? _block;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static string Render(TeraTemplate template, Func<string, TeraTemplate?> find, IDictionary<string, object?> context)
    {
        var renderer = new TeraRenderer(find, context);
        renderer.RenderTemplate(template);
        return renderer._output.ToString();
    }

    private void RenderTemplate(TeraTemplate template)
    {
        var chain = new List<TeraTemplate> { template };
        for (var t = template; t.Parent is { } parent;)
        {
            t = find(parent) ?? throw new TeraException(t.Name, 1, 1, $"parent template '{parent}' (extends) does not exist");
            if (chain.Contains(t))
            {
                throw new TeraException(t.Name, 1, 1, $"'extends' loops back to '{t.Name}'");
            }

            chain.Add(t);
        }

        _chain = chain;
        _current = chain[^1];
        RenderNodes(_current.Nodes);
    }

    private Flow RenderNodes(IReadOnlyList<TeraNode> nodes)
    {
        foreach (var node in nodes)
        {
            var flow = RenderNode(node);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow RenderNode(TeraNode node)
    {
        switch (node.Kind)
        {
            case TeraNodeKind.Text:
                _output.Append(node.Text);
                return Flow.Normal;
            case TeraNodeKind.Output:
                _output.Append(TeraValues.Render(Eval(node.Expr!)));
                return Flow.Normal;
            case TeraNodeKind.If:
                foreach (var (condition, body) in node.Branches)
                {
                    if (condition is null || Condition(condition))
                    {
                        return RenderNodes(body);
                    }
                }

                return Flow.Normal;
            case TeraNodeKind.For:
                RenderFor(node);
                return Flow.Normal;
            case TeraNodeKind.Break:
                return Flow.Break;
            case TeraNodeKind.Continue:
                return Flow.Continue;
            case TeraNodeKind.Set:
                var value = Eval(node.Expr!);
                (_frames.Count > 0 ? _frames[^1] : _globals)[node.Name] = value;
                return Flow.Normal;
            case TeraNodeKind.SetGlobal:
                var global = Eval(node.Expr!);
                (_inMacro && _frames.Count > 0 ? _frames[0] : _globals)[node.Name] = global;
                return Flow.Normal;
            case TeraNodeKind.Include:
                Include(node);
                return Flow.Normal;
            case TeraNodeKind.Block:
                RenderBlock(node.Name, 0);
                return Flow.Normal;
            default:
                throw Fail(node.Line, node.Column, $"unknown node {node.Kind}");
        }
    }

    private void RenderFor(TeraNode node)
    {
        var source = Eval(node.Expr!);
        var items = new List<(object? Key, object? Value)>();
        switch (source)
        {
            case IDictionary<string, object?> map when node.KeyName is not null:
                items.AddRange(TeraValues.Sorted(map).Select(e => ((object?)e.Key, e.Value)));
                break;
            case IList list when node.KeyName is null:
                items.AddRange(list.Cast<object?>().Select(v => ((object?)null, v)));
                break;
            case IDictionary<string, object?>:
                throw Fail(node.Line, node.Column, $"'{Describe(node.Expr!)}' is an object: iterate it with 'for key, value in ...'");
            default:
                throw Fail(node.Line, node.Column, $"cannot iterate over '{Describe(node.Expr!)}': it is {TeraValues.TypeName(source)}"
                    + (node.KeyName is not null && source is IList ? ", not an object" : string.Empty));
        }

        if (items.Count == 0)
        {
            if (node.Else is { } empty)
            {
                RenderNodes(empty);
            }

            return;
        }

        var frame = new Dictionary<string, object?>(StringComparer.Ordinal);
        _frames.Add(frame);
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (++_iterations > MaxIterations)
                {
                    throw Fail(node.Line, node.Column, $"more than {MaxIterations} loop iterations");
                }

                frame[node.Name] = items[i].Value;
                if (node.KeyName is not null)
                {
                    frame[node.KeyName] = items[i].Key;
                }

                frame["loop"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["index"] = (long)i + 1,
                    ["index0"] = (long)i,
                    ["first"] = i == 0,
                    ["last"] = i == items.Count - 1,
                };
                if (RenderNodes(node.Body) == Flow.Break)
                {
                    break;
                }
            }
        }
        finally
        {
            _frames.RemoveAt(_frames.Count - 1);
        }
    }

    private void Include(TeraNode node)
    {
        var included = find(node.Name);
        if (included is null)
        {
            if (node.IgnoreMissing)
            {
                return;
            }

            throw Fail(node.Line, node.Column, $"included template '{node.Name}' does not exist");
        }

        Nest(node.Line, node.Column, () =>
        {
            var (current, chain, block) = (_current, _chain, _block);
            (_current, _chain, _block) = (included, [included], null);
            try
            {
                RenderNodes(included.Nodes);
            }
            finally
            {
                (_current, _chain, _block) = (current, chain, block);
            }
        });
    }

    /// <summary>Renders the <paramref name="level"/>-th definition of block <paramref name="name"/>, most derived first.</summary>
    private void RenderBlock(string name, int level)
    {
        var definitions = _chain.Where(t => t.Blocks.ContainsKey(name)).ToList();
        var owner = definitions[level];
        var (current, block) = (_current, _block);
        (_current, _block) = (owner, (name, level));
        try
        {
            RenderNodes(owner.Blocks[name].Body);
        }
        finally
        {
            (_current, _block) = (current, block);
        }
    }

    private string RenderSuper(TeraExpr at)
    {
        if (_block is not { } block || _chain.Count(t => t.Blocks.ContainsKey(block.Name)) <= block.Level + 1)
        {
            throw Fail(at.Line, at.Column, "super() used outside a block that overrides a parent's block");
        }

        var start = _output.Length;
        RenderBlock(block.Name, block.Level + 1);
        var text = _output.ToString(start, _output.Length - start);
        _output.Length = start;
        return text;
    }

    private string CallMacro(TeraExpr call)
    {
        var owner = call.Namespace == "self"
            ? _current
            : _current.Imports.TryGetValue(call.Namespace!, out var name)
                ? find(name) ?? throw Fail(call.Line, call.Column, $"imported template '{name}' does not exist")
                : throw Fail(call.Line, call.Column, $"macro namespace '{call.Namespace}' is not imported");
        if (!owner.Macros.TryGetValue(call.Name, out var macro))
        {
            throw Fail(call.Line, call.Column, $"macro '{call.Name}' is not defined in '{owner.Name}'");
        }

        var frame = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (argument, _) in call.Arguments)
        {
            if (!macro.Parameters.Any(p => p.Key == argument))
            {
                throw Fail(call.Line, call.Column, $"macro '{call.Name}' has no parameter '{argument}'");
            }
        }

        foreach (var (parameter, fallback) in macro.Parameters)
        {
            var given = call.Arguments.FirstOrDefault(a => a.Key == parameter).Value;
            frame[parameter] = given is not null ? Eval(given)
                : fallback is not null ? Eval(fallback)
                : throw Fail(call.Line, call.Column, $"macro '{call.Name}' needs the argument '{parameter}'");
        }

        var start = _output.Length;
        Nest(call.Line, call.Column, () =>
        {
            var (current, frames, chain, block, inMacro) = (_current, _frames, _chain, _block, _inMacro);
            (_current, _frames, _chain, _block, _inMacro) = (owner, [frame], [owner], null, true);
            try
            {
                RenderNodes(macro.Body);
            }
            finally
            {
                (_current, _frames, _chain, _block, _inMacro) = (current, frames, chain, block, inMacro);
            }
        });
        var text = _output.ToString(start, _output.Length - start);
        _output.Length = start;
        return text;
    }

    private void Nest(int line, int column, Action action)
    {
        if (++_depth > MaxDepth)
        {
            throw Fail(line, column, $"includes or macro calls nest deeper than {MaxDepth}");
        }

        try
        {
            action();
        }
        finally
        {
            _depth--;
        }
    }

    private TeraException Fail(int line, int column, string message) => new(_current.Name, line, column, message);
}
