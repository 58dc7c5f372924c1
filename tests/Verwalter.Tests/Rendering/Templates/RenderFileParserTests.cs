using System.Collections.Immutable;
using Verwalter.Rendering;
using Verwalter.Rendering.Templates;

namespace Verwalter.Tests.Rendering.Templates;

public sealed class RenderFileParserTests
{
    private const string Folder = "/etc/verwalter/templates/web/v1";

    private static RenderFile Parse(string yaml, string relativePath = "web.render.yaml") =>
        RenderFileParser.Parse(Folder, relativePath, yaml);

    private static string ParseError(string yaml, string relativePath = "web.render.yaml")
    {
        var e = Assert.Throws<RenderException>(() => Parse(yaml, relativePath));
        Assert.Equal(RenderFailure.Templates, e.Failure);
        return e.Message;
    }

    [Fact]
    public void Parse_EveryCommandTag_GivesItsRecordWithValuesAndLines()
    {
        var file = Parse("""
            templates:
              processes: lithos.yaml.hbs
            commands:
            - !RootCommand [lithos_switch, "{{ role }}", "{{ files.processes }}"]
            - !Cmd [echo, hello]
            - !Sh "echo {{ role }} > /tmp/x"
            - !Copy {src: "{{ files.processes }}", dest: /etc/app.yaml, mode: 0o644}
            - !SplitText
              section: '^# (\w+)$'
              validate: '^\w+$'
              src: "{{ files.processes }}"
              dest: /etc/app/(*).conf
              mode: 0o600
            - !CleanFiles {pattern: "/etc/app/(*).conf", keep-list: /etc/app/keep.txt}
            - !PeekLog "app/current.log"
            - !Condition
              dirs-changed: [/etc/nginx, /etc/app]
              commands:
              - !Cmd [nginx, -s, reload]
              - !Sh "true"
            """);

        Assert.Equal("web.render.yaml", file.RelativePath);
        Assert.Equal("lithos.yaml.hbs", Assert.Single(file.Templates, t => t.Key == "processes").Value);
        Assert.Collection(
            file.Commands,
            c => Assert.Equal(new RootCommand(["lithos_switch", "{{ role }}", "{{ files.processes }}"]) { Line = 4 }, c, CommandComparer.Instance),
            c => Assert.Equal(new CmdCommand(["echo", "hello"]) { Line = 5 }, c, CommandComparer.Instance),
            c => Assert.Equal(new ShCommand("echo {{ role }} > /tmp/x") { Line = 6 }, c),
            c => Assert.Equal(new CopyCommand("{{ files.processes }}", "/etc/app.yaml", 420) { Line = 7 }, c),
            c => Assert.Equal(new SplitTextCommand(@"^# (\w+)$", @"^\w+$", "{{ files.processes }}", "/etc/app/(*).conf", 384) { Line = 8 }, c),
            c => Assert.Equal(new CleanFilesCommand("/etc/app/(*).conf", "/etc/app/keep.txt") { Line = 14 }, c),
            c => Assert.Equal(new PeekLogCommand("app/current.log") { Line = 15 }, c),
            c =>
            {
                var condition = Assert.IsType<ConditionCommand>(c);
                Assert.Equal(16, condition.Line);
                Assert.Equal(new[] { "/etc/nginx", "/etc/app" }, condition.DirsChanged.ToArray());
                Assert.Collection(
                    condition.Commands,
                    n => Assert.Equal(new CmdCommand(["nginx", "-s", "reload"]) { Line = 19 }, n, CommandComparer.Instance),
                    n => Assert.Equal(new ShCommand("true") { Line = 20 }, n));
            });
    }

    [Fact]
    public void Parse_CopyWithoutMode_HasNullMode() =>
        Assert.Null(Assert.IsType<CopyCommand>(Assert.Single(Parse("commands:\n- !Copy {src: a, dest: b}\n").Commands)).Mode);

    [Theory]
    [InlineData("keep-list", "dirs-changed")]
    [InlineData("keep_list", "dirs_changed")]
    public void Parse_KeysWithUnderscoreOrDash_AreTheSame(string keepList, string dirsChanged)
    {
        var file = Parse($"commands:\n- !CleanFiles {{pattern: 'x/(*)', {keepList}: k}}\n- !Condition {{{dirsChanged}: [d]}}\n");

        Assert.Equal("k", Assert.IsType<CleanFilesCommand>(file.Commands[0]).KeepList);
        Assert.Equal(new[] { "d" }, Assert.IsType<ConditionCommand>(file.Commands[1]).DirsChanged.ToArray());
    }

    [Fact]
    public void Parse_KeysStartingWithUnderscore_AreIgnoredWhateverTheirValue()
    {
        var file = Parse("_comment: {any: [thing]}\ncommands:\n- !Copy {src: a, dest: b, _note: [1, 2]}\n");

        Assert.Equal(new CopyCommand("a", "b", null) { Line = 3 }, Assert.Single(file.Commands));
    }

    [Fact]
    public void Parse_MissingListsAndMaps_AreEmpty()
    {
        Assert.Empty(Parse("").Commands);
        Assert.Empty(Parse("templates:\ncommands:\n").Templates);
        var condition = Assert.IsType<ConditionCommand>(Assert.Single(Parse("commands:\n- !Condition {}\n").Commands));
        Assert.Empty(condition.DirsChanged);
        Assert.Empty(condition.Commands);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_IsAnErrorWithFileLineAndColumn() =>
        Assert.Equal(
            "templates/web/v1/web.render.yaml:2:1: unknown key 'comands' in the render file; expected one of 'templates', 'commands' (keys starting with '_' are ignored)",
            ParseError("templates: {}\ncomands: []\n"));

    [Fact]
    public void Parse_UnknownKeyInsideACommand_NamesTheKeyAndTheCommand()
    {
        var message = ParseError("commands:\n- !Copy\n  src: a\n  target: b\n");

        Assert.StartsWith("templates/web/v1/web.render.yaml:4:3: unknown key 'target' in !Copy", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTag_IsAnErrorListingTheKnownOnes()
    {
        var message = ParseError("commands:\n- !Cmd [a]\n- !Shell \"x\"\n");

        Assert.StartsWith("templates/web/v1/web.render.yaml:3:3: unknown command tag '!Shell'; known tags: !RootCommand, !Cmd, !Sh, ", message, StringComparison.Ordinal);
        Assert.Contains("!Condition", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UntaggedCommand_IsAnError() =>
        Assert.Contains("web.render.yaml:2:3: a command must start with its tag", ParseError("commands:\n- [echo, hi]\n"), StringComparison.Ordinal);

    [Fact]
    public void Parse_ConditionInsideCondition_IsAnError() =>
        Assert.StartsWith(
            "templates/web/v1/web.render.yaml:4:5: !Condition cannot be nested",
            ParseError("commands:\n- !Condition\n  commands:\n  - !Condition {dirs-changed: [a]}\n"),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("commands:\n- !Cmd \"echo hi\"\n", "2:3: !Cmd takes a list of strings")]
    [InlineData("commands:\n- !Cmd []\n", "2:3: !Cmd needs at least the program to run")]
    [InlineData("commands:\n- !Sh [a]\n", "2:3: !Sh takes a string")]
    [InlineData("commands:\n- !Copy {dest: b}\n", "2:3: !Copy needs 'src'")]
    [InlineData("commands:\n- !SplitText {section: a, validate: b, src: c}\n", "2:3: !SplitText needs 'dest'")]
    [InlineData("commands:\n- !CleanFiles {pattern: a}\n", "2:3: !CleanFiles needs 'keep-list'")]
    [InlineData("commands:\n- !Copy {src: a, src: b, dest: c}\n", "2:18: key 'src' appears twice in !Copy")]
    [InlineData("commands:\n- !Cmd [echo, [nested]]\n", "2:15: an item of !Cmd must be a string, not a list")]
    [InlineData("commands: !Cmd [a]\n", "1:11: commands must be a list of commands, not a !Cmd")]
    [InlineData("- a\n", "1:1: the render file must be a map, not a list")]
    [InlineData("templates: [a.hbs]\n", "1:12: templates must be a map")]
    [InlineData("a: &x 1\nb: *x\n", "1:1: unknown key 'a'")]
    [InlineData("_a: &x [1]\ncommands: *x\n", "2:11: YAML aliases (*x) are not supported")]
    [InlineData("commands: [\n", "2:1: ")]
    public void Parse_Mistakes_AreReportedWithTheirPosition(string yaml, string expected) =>
        Assert.Contains("web.render.yaml:" + expected, ParseError(yaml), StringComparison.Ordinal);

    [Fact]
    public void Parse_TemplatePaths_AreRelativeToTheRenderFileAndStoredRelativeToTheFolder()
    {
        var file = Parse(
            "templates:\n  a: a.hbs\n  b: ../shared/b.handlebars\n  c: ./deep/../c.hbs\n",
            "nginx/site.render.yml");

        Assert.Equal(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["a"] = "nginx/a.hbs",
                ["b"] = "shared/b.handlebars",
                ["c"] = "nginx/c.hbs",
            }),
            file.Templates);
    }

    [Theory]
    [InlineData("../other.hbs")]
    [InlineData("../../v2/x.hbs")]
    [InlineData("/etc/passwd.hbs")]
    [InlineData(".")]
    public void Parse_TemplatePathEscapingTheFolder_IsAnError(string path) =>
        Assert.Contains(
            $"web.render.yaml:2:6: template 'a': path '{path}' is outside the template folder",
            ParseError($"templates:\n  a: {path}\n"),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("x.trm", "Trimmer templates are not supported")]
    [InlineData("x.txt", "unknown template type; use .hbs, .handlebars, .tera, .sbn, .scriban or .liquid")]
    public void Parse_TemplateOfAnotherKind_IsAnError(string path, string expected) =>
        Assert.Contains(expected, ParseError($"templates:\n  a: {path}\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("0o644", 420)]
    [InlineData("0x1a4", 420)]
    [InlineData("0b110100100", 420)]
    [InlineData("420", 420)]
    [InlineData("0", 0)]
    [InlineData("\"0644\"", 420)]
    [InlineData("'644'", 420)]
    [InlineData("\"0o755\"", 493)]
    [InlineData("0o7777", 4095)]
    [InlineData("~", null)]
    public void Parse_Mode_AcceptedForms(string mode, int? expected) =>
        Assert.Equal(expected, Assert.IsType<CopyCommand>(Assert.Single(Parse($"commands:\n- !Copy {{src: a, dest: b, mode: {mode}}}\n").Commands)).Mode);

    [Theory]
    [InlineData("0644", "mode 0644 is ambiguous: YAML reads it as decimal 644; write 0o644")]
    [InlineData("\"0648\"", "mode '0648' is not an octal number")]
    [InlineData("rw-r--r--", "mode 'rw-r--r--' is not an integer")]
    [InlineData("0o10000", "mode 0o10000 is out of range")]
    [InlineData("99999999999999999999999", "out of range")]
    [InlineData("[1]", "mode must be a number like 0o644, not a list")]
    public void Parse_Mode_RejectedForms(string mode, string expected) =>
        Assert.Contains(expected, ParseError($"commands:\n- !Copy {{src: a, dest: b, mode: {mode}}}\n"), StringComparison.Ordinal);

    [Fact]
    public void Parse_FolderOutsideAnyTemplatesFolder_NamesTheFileByFullPath()
    {
        var e = Assert.Throws<RenderException>(() => RenderFileParser.Parse("/srv/check", "a.render.yaml", "x: 1\n"));

        Assert.StartsWith("/srv/check/a.render.yaml:1:1: ", e.Message, StringComparison.Ordinal);
    }
}
