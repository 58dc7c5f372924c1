using System.Collections;
using System.Globalization;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Expression evaluation. An undefined variable or attribute is an error, except as the
/// value of a <c>default</c> filter, under <c>is defined</c>/<c>is undefined</c>, and as a
/// bare name in a condition (where Tera takes it as false).
/// </summary>
internal sealed partial class TeraRenderer
{
    /// <summary>Stands for a missing name or attribute where that is allowed.</summary>
    private static readonly object Undefined = new();

    private bool Condition(TeraExpr expr) =>
        expr.Kind is TeraExprKind.Variable or TeraExprKind.Member
            ? EvalOrUndefined(expr) is var v && v != Undefined && TeraValues.Truthy(v)
            : TeraValues.Truthy(Eval(expr));

    private object? Eval(TeraExpr expr)
    {
        var value = EvalOrUndefined(expr);
        return value == Undefined ? throw Fail(expr.Line, expr.Column, $"variable '{Describe(expr)}' is not defined") : value;
    }

    private object? EvalOrUndefined(TeraExpr expr)
    {
        switch (expr.Kind)
        {
            case TeraExprKind.Literal:
                return expr.Value;
            case TeraExprKind.Variable:
                return Lookup(expr.Name);
            case TeraExprKind.Member:
                var target = EvalOrUndefined(expr.Left!);
                return target == Undefined ? Undefined : Member(target, Eval(expr.Right!), expr);
            case TeraExprKind.Array:
                return expr.Items.Select(Eval).ToList();
            case TeraExprKind.Unary:
                return expr.Name == "not" ? !Condition(expr.Left!) : Negate(Eval(expr.Left!), expr);
            case TeraExprKind.Binary:
                return Binary(expr);
            case TeraExprKind.Filter:
                return ApplyFilter(expr);
            case TeraExprKind.Test:
                var tested = EvalOrUndefined(expr.Left!);
                var arguments = expr.Items.Select(Eval).ToList();
                var result = TeraTests.Run(expr.Name, tested == Undefined ? null : tested, tested != Undefined, arguments)
                    ?? throw Fail(expr.Line, expr.Column, $"unknown test '{expr.Name}' or wrong arguments for it");
                if (tested == Undefined && expr.Name is not ("defined" or "undefined"))
                {
                    throw Fail(expr.Left!.Line, expr.Left.Column, $"variable '{Describe(expr.Left)}' is not defined");
                }

                return result != expr.Negated;
            case TeraExprKind.Call:
                return Call(expr);
            case TeraExprKind.MacroCall:
                return CallMacro(expr);
            case TeraExprKind.Super:
                return RenderSuper(expr);
            default:
                throw Fail(expr.Line, expr.Column, $"unknown expression {expr.Kind}");
        }
    }

    private object? Lookup(string name)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].TryGetValue(name, out var value))
            {
                return value;
            }
        }

        if (_inMacro)
        {
            return Undefined;
        }

        if (_globals.TryGetValue(name, out var global))
        {
            return global;
        }

        return context.TryGetValue(name, out var found) ? found : Undefined;
    }

    private object? Member(object? target, object? key, TeraExpr at)
    {
        switch (target)
        {
            case IDictionary<string, object?> map:
                var name = key as string ?? TeraValues.Render(key);
                return map.TryGetValue(name, out var value) ? value : Undefined;
            case IList list:
                long index;
                if (key is long l)
                {
                    index = l;
                }
                else if (key is string s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    index = parsed;
                }
                else
                {
                    throw Fail(at.Line, at.Column, $"an array is indexed by an integer, not {TeraValues.TypeName(key)}");
                }

                return index >= 0 && index < list.Count ? list[(int)index] : Undefined;
            default:
                return Undefined;
        }
    }

    private object Negate(object? value, TeraExpr at) => value switch
    {
        long l => (object)-l,
        double d => -d,
        _ => throw Fail(at.Line, at.Column, $"cannot negate {TeraValues.TypeName(value)}"),
    };

    private object? Binary(TeraExpr expr)
    {
        switch (expr.Name)
        {
            case "and":
                return Condition(expr.Left!) && Condition(expr.Right!);
            case "or":
                return Condition(expr.Left!) || Condition(expr.Right!);
        }

        var left = Eval(expr.Left!);
        var right = Eval(expr.Right!);
        switch (expr.Name)
        {
            case "~":
                return TeraValues.Render(left) + TeraValues.Render(right);
            case "==":
                return TeraValues.Equals(left, right);
            case "!=":
                return !TeraValues.Equals(left, right);
            case "in":
                return Contains(right, left, expr);
            case "not in":
                return !Contains(right, left, expr);
            case "<" or ">" or "<=" or ">=":
                var order = TeraValues.Compare(left, right)
                    ?? throw Fail(expr.Line, expr.Column, $"cannot compare {TeraValues.TypeName(left)} with {TeraValues.TypeName(right)} using '{expr.Name}'");
                return expr.Name switch { "<" => order < 0, ">" => order > 0, "<=" => order <= 0, _ => order >= 0 };
            default:
                return Arithmetic(expr, left, right);
        }
    }

    private object? Arithmetic(TeraExpr expr, object? left, object? right)
    {
        if (!TeraValues.IsNumber(left) || !TeraValues.IsNumber(right))
        {
            var hint = expr.Name == "+" && (left is string || right is string) ? " (join strings with '~')" : string.Empty;
            throw Fail(expr.Line, expr.Column, $"'{expr.Name}' needs two numbers, got {TeraValues.TypeName(left)} and {TeraValues.TypeName(right)}{hint}");
        }

        if (expr.Name == "/")
        {
            var divisor = TeraValues.ToDouble(right);
            return divisor == 0 ? throw Fail(expr.Line, expr.Column, "division by zero") : TeraValues.ToDouble(left) / divisor;
        }

        if (left is long a && right is long b)
        {
            try
            {
                return expr.Name switch
                {
                    "+" => checked(a + b),
                    "-" => checked(a - b),
                    "*" => checked(a * b),
                    _ => b == 0 ? throw Fail(expr.Line, expr.Column, "modulo by zero") : a % b,
                };
            }
            catch (OverflowException)
            {
                throw Fail(expr.Line, expr.Column, $"integer overflow in '{expr.Name}'");
            }
        }

        var x = TeraValues.ToDouble(left);
        var y = TeraValues.ToDouble(right);
        return expr.Name switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => x % y };
    }

    private bool Contains(object? container, object? item, TeraExpr at) => container switch
    {
        string s when item is string part => s.Contains(part, StringComparison.Ordinal),
        IDictionary<string, object?> map when item is string key => map.ContainsKey(key),
        IList list => list.Cast<object?>().Any(v => TeraValues.Equals(v, item)),
        _ => throw Fail(at.Line, at.Column, $"'in' needs a string, an array or an object on its right, got {TeraValues.TypeName(container)}"),
    };

    private object? ApplyFilter(TeraExpr expr)
    {
        var input = expr.Name == "default" ? EvalOrUndefined(expr.Left!) : Eval(expr.Left!);
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in expr.Arguments)
        {
            arguments[name] = Eval(value);
        }

        if (expr.Name == "default")
        {
            return input == Undefined
                ? arguments.TryGetValue("value", out var fallback) ? fallback : throw Fail(expr.Line, expr.Column, "filter 'default' needs the argument 'value'")
                : input;
        }

        try
        {
            return TeraFilters.Apply(expr.Name, input, arguments);
        }
        catch (TeraFilterException e)
        {
            throw Fail(expr.Line, expr.Column, $"filter '{expr.Name}': {e.Message}");
        }
    }

    private List<object?> Call(TeraExpr expr)
    {
        var arguments = expr.Arguments.ToDictionary(a => a.Key, a => Eval(a.Value), StringComparer.Ordinal);
        if (expr.Name != "range")
        {
            throw Fail(expr.Line, expr.Column, $"unknown function '{expr.Name}' (only range() is available)");
        }

        long Arg(string name, long fallback) => arguments.TryGetValue(name, out var v)
            ? v as long? ?? throw Fail(expr.Line, expr.Column, $"range(): '{name}' must be an integer")
            : fallback;
        var end = Arg("end", long.MinValue);
        if (end == long.MinValue)
        {
            throw Fail(expr.Line, expr.Column, "range() needs the argument 'end'");
        }

        var (start, step) = (Arg("start", 0), Arg("step_by", 1));
        if (step <= 0 || (end - start) / step > MaxIterations)
        {
            throw Fail(expr.Line, expr.Column, "range(): step_by must be positive and the range at most a million long");
        }

        var result = new List<object?>();
        for (var i = start; i < end; i += step)
        {
            result.Add(i);
        }

        return result;
    }

    /// <summary>The expression as written, for messages (<c>a.b</c>, <c>a[0]</c>).</summary>
    private static string Describe(TeraExpr expr) => expr.Kind switch
    {
        TeraExprKind.Variable => expr.Name,
        TeraExprKind.Member when expr.Right!.Kind == TeraExprKind.Literal && expr.Name.Length > 0 => $"{Describe(expr.Left!)}.{expr.Name}",
        TeraExprKind.Member => $"{Describe(expr.Left!)}[...]",
        TeraExprKind.Literal => TeraValues.Render(expr.Value),
        _ => "expression",
    };
}
