using System.Text;
using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Splits a Tera template into text and the tokens of its <c>{{ }}</c> and <c>{% %}</c> tags.
/// Comments (<c>{# #}</c>) are dropped and <c>{% raw %}</c> bodies become text here; a <c>-</c>
/// next to a delimiter trims the whitespace on that side (newlines included), as in Tera.
/// </summary>
internal sealed partial class TeraLexer
{
    private static readonly string[] Symbols =
        ["==", "!=", "<=", ">=", "::", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "|"];

    private readonly string _source;
    private readonly string _template;
    private readonly List<TeraToken> _tokens = [];
    private readonly List<int> _lineStarts = [0];
    private int _position;
    private bool _trimNext;

    private TeraLexer(string source, string template)
    {
        _source = source;
        _template = template;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static List<TeraToken> Tokenize(string source, string template)
    {
        var lexer = new TeraLexer(source, template);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_position < _source.Length)
        {
            var open = NextOpen(_position);
            AddText(_position, (open < 0 ? _source.Length : open) - _position);
            if (open < 0)
            {
                break;
            }

            _position = open;
            var kind = _source[open + 1];
            var trimBefore = open + 2 < _source.Length && _source[open + 2] == '-';
            if (trimBefore)
            {
                TrimLastText();
            }

            switch (kind)
            {
                case '#':
                    Comment(open, trimBefore);
                    break;
                case '%' when RawStart().Match(_source, open) is { Success: true } raw && raw.Index == open:
                    Raw(raw);
                    break;
                default:
                    Tag(open, kind == '{', trimBefore);
                    break;
            }
        }

        var (line, column) = Position(_source.Length);
        _tokens.Add(new TeraToken(TeraTokenKind.End, string.Empty, line, column));
    }

    private int NextOpen(int from)
    {
        for (var i = _source.IndexOf('{', from); i >= 0 && i + 1 < _source.Length; i = _source.IndexOf('{', i + 1))
        {
            if (_source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private void Comment(int open, bool trimBefore)
    {
        var close = _source.IndexOf("#}", open + (trimBefore ? 3 : 2), StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error(open, "unclosed comment: '{#' without '#}'");
        }

        _trimNext = _source[close - 1] == '-' && close - 1 > open + 1;
        _position = close + 2;
    }

    private void Raw(Match raw)
    {
        var end = RawEnd().Match(_source, raw.Index + raw.Length);
        if (!end.Success)
        {
            throw Error(raw.Index, "'{% raw %}' without '{% endraw %}'");
        }

        var body = _source[(raw.Index + raw.Length)..end.Index];
        if (raw.Groups["trim"].Success)
        {
            body = body.TrimStart();
        }

        if (end.Groups["lead"].Success)
        {
            body = body.TrimEnd();
        }

        var (line, column) = Position(raw.Index);
        _tokens.Add(new TeraToken(TeraTokenKind.Text, body, line, column));
        _trimNext = end.Groups["trail"].Success;
        _position = end.Index + end.Length;
    }

    private void Tag(int open, bool variable, bool trimBefore)
    {
        var (line, column) = Position(open);
        _tokens.Add(new TeraToken(variable ? TeraTokenKind.VariableStart : TeraTokenKind.TagStart, variable ? "{{" : "{%", line, column));
        var close = variable ? '}' : '%';
        var i = open + (trimBefore ? 3 : 2);
        while (true)
        {
            while (i < _source.Length && char.IsWhiteSpace(_source[i]))
            {
                i++;
            }

            if (i >= _source.Length)
            {
                throw Error(open, $"unclosed tag: '{(variable ? "{{" : "{%")}' without '{close}}}'");
            }

            var c = _source[i];
            if (c == '-' && Ahead(i + 1, close, '}'))
            {
                _trimNext = true;
                i += 3;
                break;
            }

            if (c == close && i + 1 < _source.Length && _source[i + 1] == '}')
            {
                _trimNext = false;
                i += 2;
                break;
            }

            i = Token(i);
        }

        var (endLine, endColumn) = Position(i - 2);
        _tokens.Add(new TeraToken(variable ? TeraTokenKind.VariableEnd : TeraTokenKind.TagEnd, variable ? "}}" : "%}", endLine, endColumn));
        _position = i;
    }

    private bool Ahead(int i, char a, char b) => i + 1 < _source.Length && _source[i] == a && _source[i + 1] == b;

    private int Token(int i)
    {
        var (line, column) = Position(i);
        var c = _source[i];
        if (char.IsLetter(c) || c == '_')
        {
            var start = i;
            while (i < _source.Length && (char.IsLetterOrDigit(_source[i]) || _source[i] == '_'))
            {
                i++;
            }

            _tokens.Add(new TeraToken(TeraTokenKind.Identifier, _source[start..i], line, column));
            return i;
        }

        if (char.IsAsciiDigit(c))
        {
            var start = i;
            while (i < _source.Length && char.IsAsciiDigit(_source[i]))
            {
                i++;
            }

            var isFloat = i + 1 < _source.Length && _source[i] == '.' && char.IsAsciiDigit(_source[i + 1])
                && !(_tokens.Count > 0 && _tokens[^1].IsSymbol("."));
            if (isFloat)
            {
                i++;
                while (i < _source.Length && char.IsAsciiDigit(_source[i]))
                {
                    i++;
                }
            }

            _tokens.Add(new TeraToken(isFloat ? TeraTokenKind.Float : TeraTokenKind.Integer, _source[start..i], line, column));
            return i;
        }

        if (c is '"' or '\'' or '`')
        {
            return StringLiteral(i, c, line, column);
        }

        foreach (var symbol in Symbols)
        {
            if (string.CompareOrdinal(_source, i, symbol, 0, symbol.Length) == 0)
            {
                _tokens.Add(new TeraToken(TeraTokenKind.Symbol, symbol, line, column));
                return i + symbol.Length;
            }
        }

        throw Error(i, $"unexpected character '{c}'");
    }

    private int StringLiteral(int i, char quote, int line, int column)
    {
        // Tera strings have no escapes: the text runs to the next matching quote.
        var close = _source.IndexOf(quote, i + 1);
        if (close < 0)
        {
            throw Error(i, "unclosed string literal");
        }

        _tokens.Add(new TeraToken(TeraTokenKind.String, _source[(i + 1)..close], line, column));
        return close + 1;
    }

    private void AddText(int start, int length)
    {
        if (length <= 0)
        {
            return;
        }

        var text = _source.Substring(start, length);
        if (_trimNext)
        {
            text = text.TrimStart();
            _trimNext = false;
        }

        var (line, column) = Position(start);
        _tokens.Add(new TeraToken(TeraTokenKind.Text, text, line, column));
    }

    private void TrimLastText()
    {
        if (_tokens.Count > 0 && _tokens[^1] is { Kind: TeraTokenKind.Text } last)
        {
            _tokens[^1] = last with { Text = last.Text.TrimEnd() };
        }
    }

    private (int Line, int Column) Position(int index)
    {
        var line = _lineStarts.BinarySearch(index);
        line = line >= 0 ? line : ~line - 1;
        return (line + 1, index - _lineStarts[line] + 1);
    }

    private TeraException Error(int index, string message)
    {
        var (line, column) = Position(index);
        return new TeraException(_template, line, column, message);
    }

    internal static string Describe(TeraToken token) => token.Kind switch
    {
        TeraTokenKind.End => "end of template",
        TeraTokenKind.String => new StringBuilder("string \"").Append(token.Text).Append('"').ToString(),
        _ => $"'{token.Text}'",
    };

    [GeneratedRegex(@"\G\{%-?\s*raw\s*(?<trim>-)?%\}", RegexOptions.CultureInvariant)]
    private static partial Regex RawStart();

    [GeneratedRegex(@"\{%(?<lead>-)?\s*endraw\s*(?<trail>-)?%\}", RegexOptions.CultureInvariant)]
    private static partial Regex RawEnd();
}
