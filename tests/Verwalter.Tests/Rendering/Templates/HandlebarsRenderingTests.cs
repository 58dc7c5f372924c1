using System.Globalization;
using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Templates;

public sealed class HandlebarsRenderingTests : IDisposable
{
    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Render_SpecialCharacters_AreNotHtmlEscaped() =>
        Assert.Equal("&<>\"'=` &<>\"'=`", _folder.RenderOne("{{s}} {{{s}}}", """{"s": "&<>\"'=`"}"""));

    [Fact]
    public void Render_Booleans_AreLowercase() =>
        Assert.Equal("true false", _folder.RenderOne("{{t}} {{f}}", """{"t": true, "f": false}"""));

    [Fact]
    public void Render_Numbers_AreJsonStyleWhateverTheCurrentCulture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CommaDecimalCulture();
        try
        {
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture));
            Assert.Equal("1.5 2.0 -0.25 1e21 42 1234567", _folder.RenderOne(
                "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}", """{"a": 1.5, "b": 2.0, "c": -0.25, "d": 1e21, "e": 42, "f": 1234567}"""));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Render_If_TreatsEmptyValuesAsFalse(string value) =>
        Assert.Equal("no", _folder.RenderOne("{{#if v}}yes{{else}}no{{/if}}", $$"""{"v": {{value}}}"""));

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("\"0\"")]
    [InlineData("[0]")]
    public void Render_If_TreatsOtherValuesAsTrue(string value) =>
        Assert.Equal("yes", _folder.RenderOne("{{#if v}}yes{{else}}no{{/if}}", $$"""{"v": {{value}}}"""));

    [Fact]
    public void Render_If_MissingValueIsFalse() =>
        Assert.Equal("no", _folder.RenderOne("{{#if v}}yes{{else}}no{{/if}}"));

    [Fact]
    public void Render_EachOverObject_GivesKeysInOrder() =>
        Assert.Equal("b=2;a=1;", _folder.RenderOne("{{#each o}}{{@key}}={{this}};{{/each}}", """{"o": {"b": 2, "a": 1}}"""));

    [Fact]
    public void Render_EachOverArray_GivesIndexFirstLastAndElse() =>
        Assert.Equal(
            "[0:x first][1:y][2:z last] empty",
            _folder.RenderOne(
                "{{#each l}}[{{@index}}:{{this}}{{#if @first}} first{{/if}}{{#if @last}} last{{/if}}]{{/each}} {{#each e}}x{{else}}empty{{/each}}",
                """{"l": ["x", "y", "z"], "e": []}"""));

    [Fact]
    public void Render_NestedAccessAndParentScope_Work() =>
        Assert.Equal(
            "web:a=8080 web:b=8081 db",
            _folder.RenderOne(
                "{{#each daemons}}{{../role}}:{{@key}}={{port}} {{/each}}{{lookup names 1}}",
                """{"role": "web", "daemons": {"a": {"port": 8080}, "b": {"port": 8081}}, "names": ["web", "db"]}"""));

    [Fact]
    public void Render_MissingVariable_IsEmptyWhenNotStrict() =>
        Assert.Equal("[][]", _folder.RenderOne("[{{missing}}][{{o.missing}}]", """{"o": {}}"""));

    [Fact]
    public void Render_MissingVariable_FailsInStrictModeNamingItAndTheLine()
    {
        var e = Assert.Throws<RenderException>(() => _folder.RenderOne("ok {{role}}\n{{#each o}}{{@key}}{{/each}}\nport: {{o.port}}\n", """{"role": "web", "o": {"a": 1}}""", strict: true));

        Assert.Equal(RenderFailure.Templates, e.Failure);
        Assert.StartsWith("templates/web/v1/t.hbs:3: 'o.port' is undefined (strict mode), rendering for templates/web/v1/t.render.yaml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{eq a b}}")]
    [InlineData("{{log 'x'}}")]
    [InlineData("{{> other}}")]
    [InlineData("{{{{raw}}}}x{{{{/raw}}}}")]
    public void Render_UnsupportedHelpersAndPartials_FailNamingTheTemplate(string template)
    {
        var e = Assert.Throws<RenderException>(() => _folder.RenderOne(template));

        Assert.Equal(RenderFailure.Templates, e.Failure);
        Assert.StartsWith("templates/web/v1/t.hbs", e.Message, StringComparison.Ordinal);
    }

    private static CultureInfo CommaDecimalCulture()
    {
        try
        {
            var german = CultureInfo.GetCultureInfo("de-DE");
            if (german.NumberFormat.NumberDecimalSeparator == ",")
            {
                return german;
            }
        }
        catch (CultureNotFoundException)
        {
            // The build runs with InvariantGlobalization; fall through to a hand-made equivalent.
        }

        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }
}
