using System.Globalization;

namespace Verwalter.Configuration;

/// <summary>
/// One thing wrong with the config folder: a file that could not be read or parsed, a missing
/// entry point, an unsupported feature. Loaders collect these instead of throwing so the rest of
/// the tree still loads; the caller decides whether a problem is fatal. Public because the status
/// API reports problems as they are.
/// </summary>
/// <param name="Path">Relative to the config folder, with forward slashes (<c>runtime/app/v1.yaml</c>).</param>
/// <param name="Line">1-based line, when the parser reported one.</param>
/// <param name="Column">1-based column, when the parser reported one.</param>
/// <param name="Message">What is wrong, without the location.</param>
public sealed record ConfigProblem(string Path, int? Line, int? Column, string Message)
{
    /// <summary>Compiler-style <c>path:line:column: message</c>, dropping the parts that are unknown.</summary>
    public override string ToString() => (Line, Column) switch
    {
        ({ } line, { } column) => string.Create(CultureInfo.InvariantCulture, $"{Path}:{line}:{column}: {Message}"),
        ({ } line, null) => string.Create(CultureInfo.InvariantCulture, $"{Path}:{line}: {Message}"),
        _ => $"{Path}: {Message}",
    };
}
