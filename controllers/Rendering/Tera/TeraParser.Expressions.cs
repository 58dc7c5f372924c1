using System.Globalization;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Expressions, lowest precedence first: <c>or</c>, <c>and</c>, <c>not</c>, comparisons and
/// <c>in</c>/<c>is</c>, then a filtered term: <c>~</c>, <c>+ -</c>, <c>* / %</c>, unary minus,
/// primaries. As in Tera, filters apply to the whole arithmetic or concatenation before them.
/// </summary>
internal sealed partial class TeraParser
{
    private static readonly string[] Comparisons = ["==", "!=", "<", ">", "<=", ">="];

    private TeraExpr ParseExpression() => ParseOr();

    private TeraExpr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsWord("or"))
        {
            var op = Current;
            _index++;
            left = Binary(op, "or", left, ParseAnd());
        }

        return left;
    }

    private TeraExpr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsWord("and"))
        {
            var op = Current;
            _index++;
            left = Binary(op, "and", left, ParseNot());
        }

        return left;
    }

    private TeraExpr ParseNot()
    {
        if (Current.IsWord("not"))
        {
            var op = Current;
            _index++;
            return new TeraExpr(TeraExprKind.Unary, op.Line, op.Column) { Name = "not", Left = ParseNot() };
        }

        return ParseComparison();
    }

    private TeraExpr ParseComparison()
    {
        var left = ParseFiltered();
        while (true)
        {
            var op = Current;
            if (op.Kind == TeraTokenKind.Symbol && Array.IndexOf(Comparisons, op.Text) >= 0)
            {
                _index++;
                left = Binary(op, op.Text, left, ParseFiltered());
            }
            else if (op.IsWord("in") || (op.IsWord("not") && tokens[_index + 1].IsWord("in")))
            {
                _index += op.IsWord("in") ? 1 : 2;
                left = Binary(op, op.IsWord("in") ? "in" : "not in", left, ParseFiltered());
            }
            else if (op.IsWord("is"))
            {
                _index++;
                var negated = Current.IsWord("not");
                if (negated)
                {
                    _index++;
                }

                var name = Expect(TeraTokenKind.Identifier, "a test name");
                var items = new List<TeraExpr>();
                if (Current.IsSymbol("("))
                {
                    _index++;
                    while (!Current.IsSymbol(")"))
                    {
                        items.Add(ParseExpression());
                        if (!Current.IsSymbol(","))
                        {
                            break;
                        }

                        _index++;
                    }

                    Expect(TeraTokenKind.Symbol, "')'", ")");
                }

                left = new TeraExpr(TeraExprKind.Test, name.Line, name.Column) { Name = name.Text, Left = left, Negated = negated, Items = items };
            }
            else
            {
                return left;
            }
        }
    }

    private TeraExpr ParseFiltered()
    {
        var value = ParseConcat();
        while (Current.IsSymbol("|"))
        {
            _index++;
            var name = Expect(TeraTokenKind.Identifier, "a filter name");
            var arguments = Current.IsSymbol("(") ? ParseNamedArguments() : [];
            value = new TeraExpr(TeraExprKind.Filter, name.Line, name.Column) { Name = name.Text, Left = value, Arguments = arguments };
        }

        return value;
    }

    private TeraExpr ParseConcat()
    {
        var left = ParseAdditive();
        while (Current.IsSymbol("~"))
        {
            var op = Current;
            _index++;
            left = Binary(op, "~", left, ParseAdditive());
        }

        return left;
    }

    private TeraExpr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = Current;
            _index++;
            left = Binary(op, op.Text, left, ParseMultiplicative());
        }

        return left;
    }

    private TeraExpr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%"))
        {
            var op = Current;
            _index++;
            left = Binary(op, op.Text, left, ParseUnary());
        }

        return left;
    }

    private TeraExpr ParseUnary()
    {
        if (Current.IsSymbol("-"))
        {
            var op = Current;
            _index++;
            return new TeraExpr(TeraExprKind.Unary, op.Line, op.Column) { Name = "-", Left = ParseUnary() };
        }

        return ParsePostfix(ParsePrimary());
    }

    private TeraExpr ParsePostfix(TeraExpr value)
    {
        while (true)
        {
            var token = Current;
            if (token.IsSymbol("."))
            {
                _index++;
                var member = Current;
                if (member.Kind is not (TeraTokenKind.Identifier or TeraTokenKind.Integer))
                {
                    throw Error(member, $"expected an attribute name after '.', found {TeraLexer.Describe(member)}");
                }

                _index++;
                var key = new TeraExpr(TeraExprKind.Literal, member.Line, member.Column) { Value = member.Text };
                value = new TeraExpr(TeraExprKind.Member, member.Line, member.Column) { Left = value, Right = key, Name = member.Text };
            }
            else if (token.IsSymbol("["))
            {
                _index++;
                var index = ParseExpression();
                Expect(TeraTokenKind.Symbol, "']'", "]");
                value = new TeraExpr(TeraExprKind.Member, token.Line, token.Column) { Left = value, Right = index };
            }
            else
            {
                return value;
            }
        }
    }

    private TeraExpr ParsePrimary()
    {
        var token = Current;
        _index++;
        switch (token.Kind)
        {
            case TeraTokenKind.Integer:
                return Literal(token, long.Parse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture));
            case TeraTokenKind.Float:
                return Literal(token, double.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            case TeraTokenKind.String:
                return Literal(token, token.Text);
            case TeraTokenKind.Symbol when token.Text == "(":
                var inner = ParseExpression();
                Expect(TeraTokenKind.Symbol, "')'", ")");
                return inner;
            case TeraTokenKind.Symbol when token.Text == "[":
                var items = new List<TeraExpr>();
                while (!Current.IsSymbol("]"))
                {
                    items.Add(ParseExpression());
                    if (!Current.IsSymbol(","))
                    {
                        break;
                    }

                    _index++;
                }

                Expect(TeraTokenKind.Symbol, "']'", "]");
                return new TeraExpr(TeraExprKind.Array, token.Line, token.Column) { Items = items };
            case TeraTokenKind.Identifier:
                return Identifier(token);
            default:
                throw Error(token, $"expected a value, found {TeraLexer.Describe(token)}");
        }
    }

    private TeraExpr Identifier(TeraToken token)
    {
        switch (token.Text)
        {
            case "true" or "True":
                return Literal(token, true);
            case "false" or "False":
                return Literal(token, false);
        }

        if (Current.IsSymbol("::"))
        {
            _index++;
            var macro = Expect(TeraTokenKind.Identifier, "a macro name");
            if (!Current.IsSymbol("("))
            {
                throw Error(Current, $"expected '(' after macro name '{macro.Text}'");
            }

            return new TeraExpr(TeraExprKind.MacroCall, token.Line, token.Column) { Namespace = token.Text, Name = macro.Text, Arguments = ParseNamedArguments() };
        }

        if (Current.IsSymbol("("))
        {
            var arguments = ParseNamedArguments();
            return token.Text == "super"
                ? new TeraExpr(TeraExprKind.Super, token.Line, token.Column)
                : new TeraExpr(TeraExprKind.Call, token.Line, token.Column) { Name = token.Text, Arguments = arguments };
        }

        return new TeraExpr(TeraExprKind.Variable, token.Line, token.Column) { Name = token.Text };
    }

    /// <summary>Parses <c>(name=value, ...)</c>: Tera's filters, functions and macros take named arguments only.</summary>
    private List<KeyValuePair<string, TeraExpr>> ParseNamedArguments()
    {
        Expect(TeraTokenKind.Symbol, "'('", "(");
        var arguments = new List<KeyValuePair<string, TeraExpr>>();
        while (!Current.IsSymbol(")"))
        {
            var name = Current;
            if (name.Kind != TeraTokenKind.Identifier || !tokens[_index + 1].IsSymbol("="))
            {
                throw Error(name, $"arguments must be named (name=value), found {TeraLexer.Describe(name)}");
            }

            _index += 2;
            arguments.Add(new(name.Text, ParseExpression()));
            if (!Current.IsSymbol(","))
            {
                break;
            }

            _index++;
        }

        Expect(TeraTokenKind.Symbol, "')'", ")");
        return arguments;
    }

    private static TeraExpr Literal(TeraToken token, object value) => new(TeraExprKind.Literal, token.Line, token.Column) { Value = value };

    private static TeraExpr Binary(TeraToken op, string name, TeraExpr left, TeraExpr right) =>
        new(TeraExprKind.Binary, op.Line, op.Column) { Name = name, Left = left, Right = right };
}
