using HandlebarsDotNet;
using HandlebarsDotNet.IO;
using Verwalter.Scheduling;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Writes booleans and floats the way verwalter's handlebars-rust did (it printed JSON values):
/// <c>true</c>/<c>false</c> rather than .NET's <c>True</c>/<c>False</c>, and floats as JSON
/// numbers (<c>2.0</c>, <c>0.5</c>, <c>1e21</c>) whatever the current culture.
/// </summary>
internal sealed class JsonScalarFormatter : IFormatterProvider, IFormatter
{
    public static JsonScalarFormatter Instance { get; } = new();

    public bool TryCreateFormatter(Type type, out IFormatter formatter)
    {
        if (type == typeof(bool) || type == typeof(double) || type == typeof(float))
        {
            formatter = this;
            return true;
        }

        formatter = null!;
        return false;
    }

    public void Format<T>(T value, in EncodedTextWriter writer)
    {
        var text = value switch
        {
            bool b => b ? "true" : "false",
            double d => CanonicalJson.FormatDouble(d),
            float f => CanonicalJson.FormatDouble(f),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
        writer.Write(text, false);
    }
}
