using Verwalter.Rendering.Commands;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class CommandExpanderTests
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal) { ["processes"] = "/tmp/r/000-processes" };

    [Theory]
    [InlineData("{{ role }}", "web")]
    [InlineData("{{role}}", "web")]
    [InlineData("x-{{   role   }}-y", "x-web-y")]
    [InlineData("--config={{ files.processes }}", "--config=/tmp/r/000-processes")]
    [InlineData("{{ role }}:{{ files.processes }}", "web:/tmp/r/000-processes")]
    [InlineData("no variables {{ }} { role }", "no variables {{ }} { role }")]
    public void Expand_KnownNames_Replaced(string text, string expected) =>
        Assert.Equal(expected, CommandExpander.Expand(text, "web", Files));

    [Theory]
    [InlineData("{{ tmp_file }}", "<< unknown variable: tmp_file >>")]
    [InlineData("{{ files.missing }}", "<< unknown variable: files.missing >>")]
    [InlineData("{{ templates.processes }}", "<< unknown variable: templates.processes >>")]
    [InlineData("{{ deployment_id }}/{{ role }}", "<< unknown variable: deployment_id >>/web")]
    public void Expand_UnknownNames_LiteralMarkerNotError(string text, string expected) =>
        Assert.Equal(expected, CommandExpander.Expand(text, "web", Files));
}
