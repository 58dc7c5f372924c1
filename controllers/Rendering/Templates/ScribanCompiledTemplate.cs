using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// A Scriban (<c>.sbn</c>/<c>.scriban</c>) or Liquid (<c>.liquid</c>) template, rendered in a
/// sandbox: the data are plain script objects (no .NET members reachable), <c>include</c> reads
/// only templates loaded from the role's template folder, and loops, recursion, output size and
/// time are bounded.
/// </summary>
internal sealed class ScribanCompiledTemplate : CompiledTemplate
{
    /// <summary>Iterations allowed per loop.</summary>
    public const int LoopLimit = 100_000;

    /// <summary>Nesting of function calls and includes.</summary>
    public const int RecursiveLimit = 64;

    /// <summary>Output allowed per render, in characters.</summary>
    public const int OutputLimit = 16 * 1024 * 1024;

    /// <summary>Time allowed per render.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    private readonly Template _template;

    private ScribanCompiledTemplate(string source, Template template, bool liquid)
        : base(source)
    {
        _template = template;
        IsLiquid = liquid;
    }

    public bool IsLiquid { get; }

    public bool Strict { get; private init; }

    public static ScribanCompiledTemplate Compile(string relativePath, string source, bool strict, bool liquid, string display)
    {
        var template = liquid ? Template.ParseLiquid(source, relativePath) : Template.Parse(source, relativePath);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw new RenderException(
                RenderFailure.Templates,
                $"{TemplateLocation.Of(display, first.Span.Start.Line + 1, first.Span.Start.Column + 1)}: syntax error: {first.Message}");
        }

        return new ScribanCompiledTemplate(source, template, liquid) { Strict = strict };
    }

    public override string Render(object? data, ITemplateScope scope, string relativePath, string usedBy)
    {
        using var timeout = new CancellationTokenSource(TimeLimit, TimeProvider.System);
        var context = IsLiquid ? new LiquidTemplateContext() : new TemplateContext();
        context.StrictVariables = Strict;
        context.LoopLimit = LoopLimit;
        context.RecursiveLimit = RecursiveLimit;
        context.OutputLimit = OutputLimit;
        context.LimitToString = OutputLimit;
        context.CancellationToken = timeout.Token;
        context.TemplateLoader = new ScribanTemplateLoader(scope);
        context.EnableRelaxedMemberAccess = !Strict;
        context.PushGlobal(ToScript(data) as ScriptObject ?? new ScriptObject());
        try
        {
            return _template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            var file = string.IsNullOrEmpty(e.Span.FileName) ? relativePath : e.Span.FileName;
            var message = e is ScriptAbortException && timeout.IsCancellationRequested
                ? $"took longer than {TimeLimit.TotalSeconds:0} s"
                : e.OriginalMessage;
            throw new RenderException(
                RenderFailure.Templates,
                $"{TemplateLocation.Of(scope.Display(file), e.Span.Start.Line + 1, e.Span.Start.Column + 1)}: {message}, rendering for {usedBy}",
                e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or OperationCanceledException)
        {
            throw new RenderException(RenderFailure.Templates, $"{scope.Display(relativePath)}: {e.Message}, rendering for {usedBy}", e);
        }
    }

    /// <summary>Script objects for the plain values of <see cref="TemplateData"/>; key order is kept.</summary>
    internal static object? ToScript(object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> map:
                var obj = new ScriptObject(map.Count);
                foreach (var (key, item) in map)
                {
                    obj.SetValue(key, ToScript(item), readOnly: false);
                }

                return obj;
            case System.Collections.IList list:
                var array = new ScriptArray(list.Count);
                foreach (var item in list)
                {
                    array.Add(ToScript(item));
                }

                return array;
            default:
                return value;
        }
    }
}
