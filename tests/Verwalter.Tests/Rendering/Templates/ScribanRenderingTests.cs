namespace Verwalter.Tests.Rendering.Templates;

/// <summary>Scriban (<c>.sbn</c>, <c>.scriban</c>) and Liquid (<c>.liquid</c>) templates through the role renderer.</summary>
public sealed class ScribanRenderingTests : IDisposable
{
    private const string Vars = """{"role": "web", "n": 3, "t": true, "hosts": ["h1", "h2"], "ports": {"http": 8080}}""";

    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("t.sbn", "{{ role | string.upcase }}:{{ ports.http }}", "WEB:8080")]
    [InlineData("t.scriban", "{{ for h in hosts }}{{ h }}{{ if !for.last }},{{ end }}{{ end }}", "h1,h2")]
    [InlineData("t.sbn", "{{ n * 2 }} {{ t }} {{ hosts | array.size }}", "6 true 2")]
    [InlineData("t.liquid", "{% for h in hosts %}{{ h | upcase }}{% unless forloop.last %};{% endunless %}{% endfor %} {{ ports.http }}", "H1;H2 8080")]
    [InlineData("t.liquid", "{% if t %}yes{% else %}no{% endif %} {{ role | append: '-x' }}", "yes web-x")]
    public void Render_NativeSyntax_UsesTheRoleVariables(string name, string template, string expected) =>
        Assert.Equal(expected, _folder.RenderAs(name, template, Vars));

    [Fact]
    public void Render_IncludeInsideTheFolder_RendersIt()
    {
        _folder.Write("parts/host.sbn", "[{{ h }}]");

        Assert.Equal("[h1][h2]", _folder.RenderAs("t.sbn", "{{ for h in hosts }}{{ include 'parts/host.sbn' }}{{ end }}", Vars));
    }

    [Theory]
    [InlineData("{{ include '../../../../etc/passwd' }}", "templates/web/v1/t.sbn:1:4: include '../../../../etc/passwd': only templates inside the role's template folder can be included")]
    [InlineData("{{ include '/etc/passwd' }}", "templates/web/v1/t.sbn:1:4: include '/etc/passwd': only templates inside the role's template folder can be included")]
    [InlineData("{{ include 'missing.sbn' }}", "templates/web/v1/t.sbn:1:4: include 'missing.sbn': no Scriban or Liquid template of that name in the role's template folder")]
    public void Render_IncludeOutsideTheFolder_IsRefused(string template, string expected) =>
        Assert.StartsWith(expected, _folder.RenderErrorAs("t.sbn", template, Vars), StringComparison.Ordinal);

    [Fact]
    public void Render_EndlessLoop_StopsAtTheLoopLimit() =>
        Assert.Contains("templates/web/v1/t.sbn:1:", _folder.RenderErrorAs("t.sbn", "{{ while true }}x{{ end }}", Vars), StringComparison.Ordinal);

    [Fact]
    public void Render_EndlessRecursion_StopsAtTheRecursionLimit() =>
        Assert.Contains("templates/web/v1/t.sbn:", _folder.RenderErrorAs("t.sbn", "{{ func f\n ret f() \nend }}{{ f() }}", Vars), StringComparison.Ordinal);

    [Theory]
    [InlineData("t.sbn", "ok\n{{ if }}", "templates/web/v1/t.sbn:2:")]
    [InlineData("t.sbn", "{{ for x in hosts }}", "templates/web/v1/t.sbn:1:")]
    [InlineData("t.liquid", "a\n\n{% if t %}", "templates/web/v1/t.liquid:3:")]
    public void Compile_SyntaxError_NamesFileAndLine(string name, string template, string expected)
    {
        var message = _folder.RenderErrorAs(name, template, Vars);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Contains("syntax error", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UndefinedInStrictMode_IsAnErrorWithItsPosition() =>
        Assert.StartsWith("templates/web/v1/t.sbn:2:4: ", _folder.RenderErrorAs("t.sbn", "a\n{{ nope }}", Vars, strict: true), StringComparison.Ordinal);

    [Fact]
    public void Render_UndefinedNotStrict_IsEmpty() =>
        Assert.Equal("a  b", _folder.RenderAs("t.sbn", "a {{ nope }} b", Vars));
}
