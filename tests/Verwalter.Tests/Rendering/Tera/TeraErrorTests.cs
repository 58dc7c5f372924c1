using Verwalter.Tests.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Tera;

/// <summary>Tera parse and render failures name <c>templates/&lt;path&gt;:&lt;line&gt;:&lt;column&gt;</c> and what went wrong.</summary>
public sealed class TeraErrorTests : IDisposable
{
    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("line one\n{% if x %}\nno end", "templates/web/v1/t.tera:2:1: syntax error: '{% if %}' without '{% endif %}'")]
    [InlineData("a\nb {{ name | }}", "templates/web/v1/t.tera:2:13: syntax error: expected a filter name, found '}}'")]
    [InlineData("{% for x in xs %}{% endif %}", "templates/web/v1/t.tera:1:21: syntax error: unexpected '{% endif %}'")]
    [InlineData("\n\n  {% frobnicate %}", "templates/web/v1/t.tera:3:6: syntax error: unknown tag 'frobnicate'")]
    [InlineData("{{ name", "templates/web/v1/t.tera:1:1: syntax error: unclosed tag: '{{' without '}}'")]
    [InlineData("{% break %}", "templates/web/v1/t.tera:1:4: syntax error: 'break' outside a for loop")]
    [InlineData("{{ xs | join(', ') }}", "templates/web/v1/t.tera:1:14: syntax error: arguments must be named (name=value), found string \", \"")]
    public void Compile_SyntaxError_NamesFileLineAndColumn(string template, string expected) =>
        Assert.StartsWith(expected, _folder.RenderErrorAs("t.tera", template), StringComparison.Ordinal);

    [Theory]
    [InlineData("ok\n  {{ nope }}", "templates/web/v1/t.tera:2:6: variable 'nope' is not defined, rendering for templates/web/v1/t.render.yaml")]
    [InlineData("{{ ports.ftp }}", "templates/web/v1/t.tera:1:10: variable 'ports.ftp' is not defined")]
    [InlineData("{% for x in name %}{% endfor %}", "templates/web/v1/t.tera:1:1: cannot iterate over 'name': it is a string")]
    [InlineData("{{ name + 1 }}", "templates/web/v1/t.tera:1:9: '+' needs two numbers, got a string and an integer (join strings with '~')")]
    [InlineData("{{ 1 / 0 }}", "templates/web/v1/t.tera:1:6: division by zero")]
    [InlineData("{{ name | frob }}", "templates/web/v1/t.tera:1:11: filter 'frob': unknown filter")]
    [InlineData("{{ name | join(sep=',') }}", "templates/web/v1/t.tera:1:11: filter 'join': needs an array, got a string")]
    [InlineData("{% include 'other.tera' %}", "templates/web/v1/t.tera:1:1: included template 'other.tera' does not exist")]
    public void Render_Failure_NamesFileLineAndColumn(string template, string expected) =>
        Assert.StartsWith(expected, _folder.RenderErrorAs("t.tera", template, """{"name": "web", "ports": {"http": 80}}"""), StringComparison.Ordinal);

    [Fact]
    public void Render_FailureInAnIncludedTemplate_NamesThatTemplate()
    {
        _folder.Write("sub/part.tera", "first\nsecond {{ missing }}");

        Assert.StartsWith(
            "templates/web/v1/sub/part.tera:2:11: variable 'missing' is not defined, rendering for templates/web/v1/t.render.yaml",
            _folder.RenderErrorAs("t.tera", "{% include 'sub/part.tera' %}"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenTeraTemplateNotNamedByAnyRenderFile_StillFails()
    {
        _folder.Write("unused.tera", "{% if %}");

        Assert.StartsWith("templates/web/v1/unused.tera:1:7: syntax error: expected a value, found '%}'", _folder.RenderErrorAs("t.hbs", "fine"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IncludeOfItself_StopsAtTheDepthLimit()
    {
        _folder.Write("self.tera", "x{% include 'self.tera' %}");

        Assert.Contains("includes or macro calls nest deeper than 64", _folder.RenderErrorAs("t.tera", "{% include 'self.tera' %}"), StringComparison.Ordinal);
    }
}
