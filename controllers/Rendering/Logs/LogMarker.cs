using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// What an index entry marks. Unit markers serialise as a JSON string (<c>"RoleStart"</c>); the
/// action markers carry the render unit name (<c>{"variant":"ActionStart","fields":[name]}</c>).
/// </summary>
internal sealed record LogMarker(string Name, string? Action = null)
{
    public static readonly LogMarker DeploymentStart = new("DeploymentStart");
    public static readonly LogMarker DeploymentChanges = new("DeploymentChanges");
    public static readonly LogMarker RoleStart = new("RoleStart");
    public static readonly LogMarker ExternalLog = new("ExternalLog");
    public static readonly LogMarker RoleFinish = new("RoleFinish");
    public static readonly LogMarker DeploymentFinish = new("DeploymentFinish");
    public static readonly LogMarker DeploymentError = new("DeploymentError");

    public static LogMarker ActionStart(string unit) => new("ActionStart", unit);

    public static LogMarker ActionFinish(string unit) => new("ActionFinish", unit);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (Action is null)
        {
            writer.WriteStringValue(Name);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("variant", Name);
        writer.WriteStartArray("fields");
        writer.WriteStringValue(Action);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The marker as shown in text rows: <c>RoleStart</c> or <c>ActionStart("unit")</c>.</summary>
    public override string ToString() => Action is null ? Name : $"{Name}({Quote(Action)})";

    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\u{").Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('}'),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
