namespace Verwalter.Tests.Charts;

/// <summary>
/// tests/chart/render itself, on a small chart written by the test: the Helm behaviours the
/// verwalter chart relies on (value layering, --set syntax, include, tpl, required, toYaml,
/// nindent, .Release, .Chart, .Capabilities, .Files, partials and NOTES.txt left out).
/// </summary>
public sealed class RendererSemanticsTests : IDisposable
{
    private readonly DirectoryInfo _chart = Directory.CreateTempSubdirectory("verwalter-render-");

    public RendererSemanticsTests()
    {
        Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.2.3\nappVersion: \"4.5\"\n");
        Write("values.yaml", """
            greeting: hello
            nested: {a: 1, b: {c: two}}
            list: [x]
            template: "{{ .Release.Name }}-{{ .Values.greeting }}"
            """);
        Write("files/data.txt", "from a file\n");
        Write("templates/_helpers.tpl", """
            {{- define "probe.labels" -}}
            chart: {{ .Chart.Name }}-{{ .Chart.Version }}
            app: {{ .Chart.AppVersion | quote }}
            {{- end -}}
            """);
        Write("templates/NOTES.txt", "notes for {{ .Release.Name }}\n");
        Write("templates/empty.yaml", "{{- if false }}\nkind: Never\n{{- end }}\n");
        Write("templates/probe.yaml", """
            kind: Probe
            metadata:
              name: {{ .Release.Name }}
              namespace: {{ .Release.Namespace }}
              labels:
                {{- include "probe.labels" . | nindent 4 }}
            data:
              tpl: {{ tpl .Values.template . }}
              nested:
                {{- toYaml .Values.nested | nindent 4 }}
              list: {{ toJson .Values.list | quote }}
              file: {{ .Files.Get "files/data.txt" | trim | quote }}
              hasApps: {{ .Capabilities.APIVersions.Has "apps/v1" }}
              hasMonitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
              kube: {{ .Capabilities.KubeVersion.Minor }}
              template: {{ .Template.Name }}
              missing: "{{ .Values.nothing }}"
              upper: {{ .Values.greeting | upper }}
            """);
    }

    public void Dispose() => _chart.Delete(recursive: true);

    [Fact]
    public async Task Render_DefaultValues_HelmFunctionsAndObjectsWork()
    {
        var render = (await ChartRender.RenderAsync(_chart.FullName)).Ok();

        var probe = Assert.Single(render.Documents);
        Assert.Contains("# Source: probe/templates/probe.yaml", render.Run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("notes for", render.Run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("empty.yaml", render.Run.Stdout, StringComparison.Ordinal);
        Assert.Equal("release-name", probe.Map("metadata").Str("name"));
        Assert.Equal("probe-1.2.3", probe.Map("metadata").Map("labels").Str("chart"));
        Assert.Equal("4.5", probe.Map("metadata").Map("labels").Str("app"));
        var data = probe.Map("data");
        Assert.Equal("release-name-hello", data.Str("tpl"));
        Assert.Equal("1", data.Map("nested").Str("a"));
        Assert.Equal("two", data.Map("nested").Map("b").Str("c"));
        Assert.Equal("[\"x\"]", data.Str("list"));
        Assert.Equal("from a file", data.Str("file"));
        Assert.Equal("true", data.Str("hasApps"));
        Assert.Equal("false", data.Str("hasMonitoring"));
        Assert.Equal("29", data.Str("kube"));
        Assert.Equal("probe/templates/probe.yaml", data.Str("template"));
        Assert.Equal("", data.Str("missing"));
        Assert.Equal("HELLO", data.Str("upper"));
    }

    [Fact]
    public async Task Render_ValuesFilesThenSets_LaterLayersWinAndNullRemoves()
    {
        Write("override.yaml", "greeting: bonjour\nnested: {b: {c: three}, d: 4}\n");
        Write("second.yaml", "nested: {a: null}\n");
        var render = (await ChartRender.RenderAsync(
            _chart.FullName,
            "-f", Path.Combine(_chart.FullName, "override.yaml"),
            "-f", Path.Combine(_chart.FullName, "second.yaml"),
            "--set", "greeting=hallo,list={p,q\\,r}",
            "--set", "nested.b.e[1]=5",
            "--name", "rel", "--namespace", "ns", "--api-versions", "monitoring.coreos.com/v1")).Ok();

        var data = Assert.Single(render.Documents).Map("data");
        Assert.Equal("rel-hallo", data.Str("tpl"));
        var nested = data.Map("nested");
        Assert.False(nested.Has("a"));
        Assert.Equal("three", nested.Map("b").Str("c"));
        Assert.Equal("4", nested.Str("d"));
        Assert.Equal(["null", "5"], nested.Map("b").Seq("e").Select(n => ((YamlDotNet.RepresentationModel.YamlScalarNode)n).Value));
        Assert.Equal("[\"p\",\"q,r\"]", data.Str("list"));
        Assert.Equal("true", data.Str("hasMonitoring"));
        Assert.Equal("ns", Assert.Single(render.Documents).Map("metadata").Str("namespace"));
    }

    [Fact]
    public async Task Render_SetTypes_IntBoolAndStringAsHelmInfersThem()
    {
        Write("templates/types.yaml", "kind: Types\nint: {{ kindOf .Values.n }}\nbool: {{ kindOf .Values.b }}\nstr: {{ kindOf .Values.s }}\nzero: {{ kindOf .Values.z }}\n");
        var render = (await ChartRender.RenderAsync(_chart.FullName, "--set", "n=42,b=true,z=007", "--set-string", "s=42")).Ok();

        var types = Assert.Single(render.Documents, d => d.Str("kind") == "Types");
        Assert.Equal("int64", types.Str("int"));
        Assert.Equal("bool", types.Str("bool"));
        Assert.Equal("string", types.Str("str"));
        Assert.Equal("string", types.Str("zero"));
    }

    [Fact]
    public async Task Render_ShowNotes_PrintsOnlyTheNotes()
    {
        var render = await ChartRender.RenderAsync(_chart.FullName, "--show-notes", "--name", "rel");

        Assert.Equal(0, render.Run.ExitCode);
        Assert.Equal("notes for rel\n", render.Run.Stdout);
    }

    [Fact]
    public async Task Render_RequiredInsideInclude_FailsWithHelmsMessageAndPosition()
    {
        Write("templates/_req.tpl", "{{- define \"probe.req\" -}}\n{{ required \"probe.token is required\" .Values.token }}\n{{- end -}}\n");
        Write("templates/req.yaml", "kind: Req\ntoken: {{ include \"probe.req\" . }}\n");

        var missing = await ChartRender.RenderAsync(_chart.FullName);
        var given = (await ChartRender.RenderAsync(_chart.FullName, "--set", "token=abc")).Ok();

        Assert.Equal(1, missing.Run.ExitCode);
        Assert.Equal("Error: execution error at (probe/templates/_req.tpl:2:3): probe.token is required", missing.Run.Stderr.Trim());
        Assert.Equal("abc", Assert.Single(given.Documents, d => d.Str("kind") == "Req").Str("token"));
    }

    [Theory]
    [InlineData("--set", "novalue", "--set novalue: \"novalue\" is not key=value")]
    [InlineData("--bogus", "x", "unknown option \"--bogus\"")]
    [InlineData("-f", "/nonexistent/values.yaml", "values file: open /nonexistent/values.yaml")]
    public async Task Render_BadCommandLine_ExitsTwoWithTheReason(string flag, string value, string message)
    {
        var render = await ChartRender.RenderAsync(_chart.FullName, flag, value);

        Assert.Equal(2, render.Run.ExitCode);
        Assert.Contains(message, render.Run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ChartYamlWithoutVersion_ExitsTwoNamingTheField()
    {
        Write("Chart.yaml", "apiVersion: v2\nname: probe\n");

        var render = await ChartRender.RenderAsync(_chart.FullName);

        Assert.Equal(2, render.Run.ExitCode);
        Assert.Contains("Chart.yaml: field \"version\" is required", render.Run.Stderr, StringComparison.Ordinal);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_chart.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
