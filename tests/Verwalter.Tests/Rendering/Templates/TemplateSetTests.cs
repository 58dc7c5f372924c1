using Verwalter.Rendering;
using Verwalter.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Templates;

public sealed class TemplateSetTests : IDisposable
{
    private readonly TemplateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private RenderException LoadError()
    {
        var e = Assert.Throws<RenderException>(() => TemplateSet.Load(_folder.Path, strict: false, _folder.Cache));
        Assert.Equal(RenderFailure.Templates, e.Failure);
        return e;
    }

    [Fact]
    public void Load_CompilesEveryHandlebarsFileRecursivelyAndSkipsLeftovers()
    {
        _folder.Write("a.hbs", "a").Write("sub/b.handlebars", "b").Write("notes.txt", "{{#if")
            .Write(".hidden.hbs", "{{#if").Write("old.hbs~", "{{#if").Write("x.hbs.bak", "{{#if").Write("#y.hbs#", "{{#if");

        var set = TemplateSet.Load(_folder.Path, strict: false, _folder.Cache);

        Assert.Equal(["a.hbs", "sub/b.handlebars"], set.Paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_UnclosedExpression_ReportsFileLineAndColumn()
    {
        _folder.Write("ok.hbs", "fine").Write("sub/bad.hbs", "line one\nline two\nport: {{port\n");

        var message = LoadError().Message;

        Assert.StartsWith("templates/web/v1/sub/bad.hbs:3:7: syntax error: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ParserErrorWithPosition_UsesItOneBasedWithoutTheSuffix()
    {
        _folder.Write("bad.hbs", "a\nb {{port");

        var message = LoadError().Message;

        Assert.Equal("templates/web/v1/bad.hbs:2:9: syntax error: Reached end of template before the expression was closed.", message);
    }

    [Fact]
    public void Load_UnclosedBlock_ReportsTheLineOfItsOpening()
    {
        _folder.Write("bad.hbs", "a\n{{#each list}}\n  {{#if x}}y{{/if}}\n");

        Assert.StartsWith("templates/web/v1/bad.hbs:2:1: syntax error: ", LoadError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StrayClosingBlock_ReportsItsLine()
    {
        _folder.Write("bad.hbs", "a\n{{#if x}}\n{{/each}}\n");

        Assert.StartsWith("templates/web/v1/bad.hbs:3:1: syntax error: ", LoadError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedBlockWithoutName_IsASyntaxErrorNamingTheFile()
    {
        _folder.Write("bad.hbs", "{{#if}}{{/if}}");

        Assert.StartsWith("templates/web/v1/bad.hbs", LoadError().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.trm", "Trimmer templates are not supported; convert it to Tera (.tera) or Handlebars (.hbs)")]
    [InlineData("legacy/app.trimmer", "Trimmer templates are not supported")]
    public void Load_TrimmerFilePresent_FailsNamingIt(string path, string expected)
    {
        _folder.Write("a.hbs", "a").Write(path, "{{ x }}");

        Assert.Equal($"templates/web/v1/{path}: " + expected.Split(';')[0], LoadError().Message.Split(';')[0]);
        Assert.Contains(expected, LoadError().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Twice_CompilesOnce()
    {
        _folder.Write("a.hbs", "a").Write("b.hbs", "b");

        TemplateSet.Load(_folder.Path, strict: false, _folder.Cache);
        TemplateSet.Load(_folder.Path, strict: false, _folder.Cache);
        _folder.Render();

        Assert.Equal(2, _folder.Cache.Compiles);
    }

    [Fact]
    public void Load_AfterTheFileChanged_RecompilesOnlyIt()
    {
        _folder.Write("t.render.yaml", "templates: {t: t.hbs}\n").Write("t.hbs", "one").Write("other.hbs", "x");
        Assert.Equal("one", _folder.Render().Single().Outputs["t"].Text);

        _folder.Write("t.hbs", "two");
        File.SetLastWriteTimeUtc(_folder.FullPathOf("t.hbs"), new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        Assert.Equal("two", _folder.Render().Single().Outputs["t"].Text);
        Assert.Equal(3, _folder.Cache.Compiles);
    }

    [Fact]
    public void Load_StrictAndLenient_AreCachedSeparately()
    {
        _folder.Write("a.hbs", "{{x}}");

        TemplateSet.Load(_folder.Path, strict: false, _folder.Cache);
        TemplateSet.Load(_folder.Path, strict: true, _folder.Cache);
        TemplateSet.Load(_folder.Path, strict: true, _folder.Cache);

        Assert.Equal(2, _folder.Cache.Compiles);
    }

    [Fact]
    public void Cache_PastCapacity_StartsOver()
    {
        var cache = new CompiledTemplateCache(capacity: 2);
        var template = CompiledTemplate.Compile("x.hbs", "x", strict: false, "x.hbs");
        var stamp = new FileStamp(1, 1);

        cache.GetOrCompile("/a", stamp, false, () => template);
        cache.GetOrCompile("/b", stamp, false, () => template);
        cache.GetOrCompile("/c", stamp, false, () => template);

        Assert.Equal(1, cache.Count);
        Assert.Equal(3, cache.Compiles);
    }

    [Fact]
    public void Load_MissingFolder_IsAnError()
    {
        var e = Assert.Throws<RenderException>(() => TemplateSet.Load(_folder.FullPathOf("nope"), strict: false, _folder.Cache));

        Assert.Equal("templates/web/v1/nope: template folder does not exist", e.Message);
    }
}
