using System.Collections.Immutable;

namespace Verwalter.Rendering;

/// <summary>
/// One <c>*.render.yaml</c>/<c>*.render.yml</c> unit of a template folder: its templates (name →
/// template path relative to the template folder, forward slashes) and its commands, in order.
/// </summary>
public sealed record RenderFile(
    string RelativePath,
    ImmutableSortedDictionary<string, string> Templates,
    ImmutableArray<RenderCommand> Commands);
