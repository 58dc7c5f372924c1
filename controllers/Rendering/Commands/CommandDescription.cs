using System.Text.Encodings.Web;
using System.Text.Json;

namespace Verwalter.Rendering.Commands;

/// <summary>Formats the description line each command writes to the role log before it acts.</summary>
internal static class CommandDescription
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A string in double quotes with JSON escapes, e.g. <c>"a \"b\""</c>.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    /// <summary><c>Name ["argv0", "arg1"]</c>.</summary>
    public static string Argv(string name, IEnumerable<string> argv) => $"{name} [{string.Join(", ", argv.Select(Quote))}]";

    public static string Mode(int? mode) => mode is { } m ? $" (mode 0{Convert.ToString(m, 8)})" : "";
}
