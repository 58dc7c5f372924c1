using Verwalter.Tests.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Tera;

/// <summary>One exact expected text per Tera feature, rendered through the role renderer as <c>t.tera</c>.</summary>
public sealed class TeraGoldenTests : IDisposable
{
    private const string Vars = """
        {"name": "web", "n": 7, "f": 2.5, "t": true, "no": false, "nothing": null, "s": "  Hello World  ",
         "xs": [3, 1, 2], "words": ["b", "a", "B", "a"], "empty": [],
         "map": {"zeta": 1, "alpha": 2, "mid": 3}, "ports": {"http": 8080}, "hosts": ["h1", "h2", "h3"],
         "path": "a b/c?d", "html": "<a href='x'>&</a>", "size": 1536, "ts": 1700000000}
        """;

    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Render(string template) => _folder.RenderAs("t.tera", template, Vars);

    [Theory]
    [InlineData("{{ name }}:{{ ports.http }}", "web:8080")]
    [InlineData("{{ xs.0 }}{{ xs[1] }}{{ map['alpha'] }}{{ map[\"mid\"] }}", "3123")]
    [InlineData("{# a comment #}x{# another\nline #}y", "xy")]
    [InlineData("a  {{- name -}}  b", "awebb")]
    [InlineData("a\n  {%- if t %}\nyes\n  {%- endif -%}\n b", "a\nyesb")]
    [InlineData("{% raw %}{{ name }} {% if %}{% endraw %}", "{{ name }} {% if %}")]
    [InlineData("{{ nothing }}|{{ t }}|{{ no }}|{{ xs }}|{{ map }}", "|true|false|[3, 1, 2]|[object]")]
    [InlineData("x {%- raw -%}  {{ a }}  {%- endraw -%} y", "x{{ a }}y")]
    [InlineData("{{ missing.deep | default(value=1) }} {{ ports.ftp | default(value=21) }}{% if ports.ftp %}x{% endif %}", "1 21")]
    public void Render_OutputCommentsWhitespaceRaw(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{% if n > 5 and not no %}big{% elif n > 2 %}mid{% else %}small{% endif %}", "big")]
    [InlineData("{% if n < 5 or no %}a{% elif n == 7 %}b{% else %}c{% endif %}", "b")]
    [InlineData("{% if 1 in xs %}in{% endif %}{% if 9 not in xs %},out{% endif %}{% if 'alpha' in map %},key{% endif %}{% if 'ell' in s %},sub{% endif %}", "in,out,key,sub")]
    [InlineData("{% if missing %}x{% else %}undefined is false in a condition{% endif %}", "undefined is false in a condition")]
    [InlineData("{% if name != 'db' and n >= 7 and f <= 2.5 %}ok{% endif %}", "ok")]
    public void Render_IfElifElse(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ missing is defined }} {{ name is defined }} {{ missing is undefined }} {{ ports.ftp is defined }}", "false true true false")]
    [InlineData("{{ xs is iterable }} {{ map is iterable }} {{ name is iterable }} {{ map is object }} {{ xs is object }}", "true true false true false")]
    [InlineData("{{ name is string }} {{ n is string }} {{ n is number }} {{ f is number }} {{ name is number }}", "true false true true false")]
    [InlineData("{{ n is odd }} {{ n is even }} {{ 4 is even }} {{ n is not odd }}", "true false true false")]
    [InlineData("{{ name is starting_with('we') }} {{ name is starting_with('eb') }} {{ name is containing('e') }} {{ xs is containing(2) }} {{ map is containing('mid') }}", "true false true true true")]
    public void Render_Tests(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{% for x in xs %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", "1:3,2:1,3:2")]
    [InlineData("{% for x in xs %}{{ loop.index0 }}{{ loop.first }}{% endfor %}", "0true1false2false")]
    [InlineData("{% for k, v in map %}{{ k }}={{ v }};{% endfor %}", "alpha=2;mid=3;zeta=1;")]
    [InlineData("{% for x in xs %}{% if x == 1 %}{% break %}{% endif %}{{ x }}{% endfor %}", "3")]
    [InlineData("{% for x in xs %}{% if x == 1 %}{% continue %}{% endif %}{{ x }}{% endfor %}", "32")]
    [InlineData("{% for x in empty %}{{ x }}{% else %}none{% endfor %}", "none")]
    [InlineData("{% for x in xs | sort %}{{ x }}{% endfor %}", "123")]
    [InlineData("{% for i in range(end=3) %}{{ i }}{% endfor %}", "012")]
    public void Render_ForLoops(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{% set x = n * 2 %}{{ x }}", "14")]
    [InlineData("{% set x = 1 %}{% for i in xs %}{% set x = i %}{% endfor %}{{ x }}", "1")]
    [InlineData("{% set_global x = 1 %}{% for i in xs %}{% set_global x = i %}{% endfor %}{{ x }}", "2")]
    [InlineData("{{ 7 / 2 }} {{ 4 / 2 }} {{ 7 % 3 }} {{ 2 + 3 * 4 }} {{ (2 + 3) * 4 }} {{ 10 - 2.5 }} {{ -n + 1 }}", "3.5 2.0 1 14 20 7.5 -6")]
    [InlineData("{{ name ~ '-' ~ n }} {{ \"a\" ~ 'b' ~ `c` }}", "web-7 abc")]
    [InlineData("{{ [1, 'two', true] }} {{ 1.5 }} {{ True }} {{ false }}", "[1, two, true] 1.5 true false")]
    [InlineData("{{ 1 + 2 | round }}", "3.0")]
    public void Render_SetArithmeticLiterals(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ name | upper }} {{ 'ABC' | lower }} [{{ s | trim }}] {{ s | trim | length }} {{ xs | length }} {{ map | length }}", "WEB abc [Hello World] 11 3 3")]
    [InlineData("{{ xs | join(sep=', ') }} {{ missing | default(value='dflt') }} {{ name | default(value='x') }} {{ nothing | default(value='x') }}", "3, 1, 2 dflt web ")]
    [InlineData("{{ name | replace(from='w', to='W') }} {{ map | json_encode() }} {{ words | json_encode }}", "Web {\"alpha\":2,\"mid\":3,\"zeta\":1} [\"b\",\"a\",\"B\",\"a\"]")]
    [InlineData("{{ xs | first }} {{ xs | last }} {{ xs | sort | join(sep='') }} {{ words | unique | join(sep='') }} {{ xs | reverse | join(sep='') }}", "3 2 123 ba 213")]
    [InlineData("{{ 'a,b,c' | split(pat=',') | join(sep='|') }} {{ hosts | slice(start=1) | join(sep='') }} {{ hosts | slice(end=-1) | join(sep='') }} {{ xs | concat(with=4) | join(sep='') }}", "a|b|c h2h3 h1h2 3124")]
    [InlineData("{{ ports | get(key='http') }} {{ ports | get(key='ftp', default=21) }} {{ 2.567 | round(precision=2) }} {{ 2.4 | round(method='ceil') }} {{ 2.6 | round(method='floor') }}", "8080 21 2.57 3.0 2.0")]
    [InlineData("{{ '42' | int }} {{ 3.9 | int }} {{ 'x' | int(default=-1) }} {{ 'ff' | int(base=16) }} {{ '1.5' | float }} {{ n | float }}", "42 3 -1 255 1.5 7.0")]
    [InlineData("{{ 'hello world' | truncate(length=5) }} {{ 'hi' | truncate(length=5) }} {{ 'abc' | truncate(length=2, end='') }} {{ s | wordcount }}", "hello… hi ab 2")]
    [InlineData("{{ 'hELLO wORLD' | capitalize }} {{ \"hello wORLD o'neil\" | title }}", "Hello world Hello World O'neil")]
    [InlineData("{{ html | escape }} {{ html | safe }}", "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;&#x2F;a&gt; <a href='x'>&</a>")]
    [InlineData("{{ size | filesizeformat }} {{ 100 | filesizeformat }} {{ 1048576 | filesizeformat }}", "1.5 KB 100 B 1 MB")]
    [InlineData("{{ ts | date }} {{ ts | date(format='%Y-%m-%dT%H:%M:%S') }} {{ '2024-03-05' | date(format='%d.%m.%y') }}", "2023-11-14 2023-11-14T22:13:20 05.03.24")]
    [InlineData("{{ path | urlencode }} {{ \"a\nb\n\nc\" | indent(prefix='  ') }} {{ n | as_str }}! {{ f | as_str | length }}", "a%20b/c%3Fd a\n  b\n\n  c 7! 3")]
    public void Render_Filters(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void Render_MacroImportedFromTheFolder_TakesNamedArgumentsAndDefaults()
    {
        _folder.Write("macros.tera", "{% macro port(name, number=80) %}{{ name }}={{ number }}{% endmacro port %}\n{% macro twice(name) %}{{ self::port(name=name) }},{{ self::port(name=name, number=81) }}{% endmacro %}");

        Assert.Equal("web=8080 web=80,web=81", Render("{% import \"macros.tera\" as m %}{{ m::port(name=name, number=ports.http) }} {{ m::twice(name=name) }}"));
    }

    [Fact]
    public void Render_MacroBody_DoesNotSeeTheTemplateContext()
    {
        _folder.Write("macros.tera", "{% macro leak() %}{{ name }}{% endmacro %}");

        Assert.Contains("templates/web/v1/macros.tera:1:22: variable 'name' is not defined", _folder.RenderErrorAs("t.tera", "{% import 'macros.tera' as m %}{{ m::leak() }}", Vars), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Include_SeesLoopVariablesAndSets()
    {
        _folder.Write("parts/line.tera", "[{{ prefix }}{{ x }}]");

        Assert.Equal("[>3][>1][>2]", Render("{% set prefix = '>' %}{% for x in xs %}{% include \"parts/line.tera\" %}{% endfor %}{% include 'nope.tera' ignore missing %}"));
    }

    [Fact]
    public void Render_ExtendsWithBlocksAndSuper_UsesTheChildsBlocks()
    {
        _folder.Write("base.tera", "head\n{% block body %}base body{% endblock body %}\n{% block foot %}base foot{% endblock %}\n");
        _folder.Write("middle.tera", "{% extends 'base.tera' %}{% block foot %}middle foot{% endblock %}");

        Assert.Equal("head\nchild for web / base body\nmiddle foot + more\n", Render(
            "{% extends \"middle.tera\" %}ignored text\n{% block body %}child for {{ name }} / {{ super() }}{% endblock %}{% block foot %}{{ super() }} + more{% endblock %}"));
    }
}
