using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

public sealed class ProcessesFileValidationTests : IDisposable
{
    private readonly LithosFixture _tree = new LithosFixture().WithSandbox("s");

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("executable: /bin/sh", "executable")]
    [InlineData("arguments: [-c, 'rm -rf /']", "arguments")]
    [InlineData("user-id: 0", "user-id")]
    [InlineData("readonly-paths: {/: /}", "readonly-paths")]
    [InlineData("command: /bin/sh", "command")]
    public void Build_EntryTriesToSetACommandLineUserOrHostPath_IsRejected(string line, string key)
    {
        _tree.WriteProcesses("s", $"{LithosFixture.Web(1)}\n  {line}");

        var problem = Assert.Single(_tree.Load().Problems);

        Assert.EndsWith("processes/s.yaml", problem.Path, StringComparison.Ordinal);
        Assert.Equal(6, problem.Line);
        Assert.StartsWith($"web.{key}: unknown key; a processes file may only set kind, image", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/images/app/v1", "must be relative")]
    [InlineData("app/../../etc", "must not contain '..'")]
    [InlineData("../app", "must not contain '..'")]
    [InlineData("app", "exactly 2 path component(s)")]
    [InlineData("app/v1/extra", "exactly 2 path component(s)")]
    [InlineData("app//v1", "empty components")]
    public void Build_BadImagePath_IsRejectedWithReason(string image, string reason)
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1, image: image));

        var problem = Assert.Single(_tree.Load().Problems);

        Assert.Equal(2, problem.Line);
        Assert.StartsWith("web.image:", problem.Message, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config.yaml")]
    [InlineData("/etc/../../x.yaml")]
    public void Build_ConfigPathNotAbsoluteInsideImage_IsRejected(string config)
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1).Replace("/config.yaml", config, StringComparison.Ordinal));

        var problem = Assert.Single(_tree.Load().Problems);

        Assert.StartsWith("web.config:", problem.Message, StringComparison.Ordinal);
        Assert.Contains("absolute path inside the image", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UndeclaredVariable_IsRejected()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1).Replace("mode: prod}", "mode: prod, shell: x}", StringComparison.Ordinal));

        var desired = _tree.Desired();

        var problem = Assert.Single(desired.Problems);
        Assert.Equal("web.variables.shell: is not declared by the container config at /config.yaml", problem.Message);
        Assert.Equal(1, problem.Line);
        Assert.Contains("s", desired.FailedSandboxes);
        Assert.Empty(desired.Instances);
    }

    [Fact]
    public void Build_DeclaredVariableMissing_IsRejected()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1).Replace(", mode: prod", string.Empty, StringComparison.Ordinal));

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Equal("web.variables.mode: is declared by the container config but not given a value", problem.Message);
    }

    [Theory]
    [InlineData("9090", "port 9090 is outside the sandbox's allow-tcp-ports [8000-8999]")]
    [InlineData("80", "port 80 is outside the sandbox's allow-tcp-ports [8000-8999]")]
    [InlineData("70000", "'70000' is not a TCP port (0-65535)")]
    [InlineData("http", "'http' is not a TCP port (0-65535)")]
    public void Build_PortOutsideAllowedRange_IsRejected(string port, string reason)
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1, port: port));

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Equal($"web.variables.port: {reason}", problem.Message);
    }

    [Fact]
    public void Build_ChoiceOutsideList_IsRejected()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1, mode: "debug"));

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Equal("web.variables.mode: 'debug' is not one of [dev, prod]", problem.Message);
    }

    [Fact]
    public void Build_NameAndDottedNameTypes_AreChecked()
    {
        _tree.Containers.Add("app/v1", "/names.yaml", """
            executable: /bin/app
            variables:
              host: !DottedName
              id: !Name
            """);
        _tree.WriteProcesses("s", """
            a: {image: app/v1, config: /names.yaml, variables: {host: "db.-bad", id: "ok_1"}}
            b: {image: app/v1, config: /names.yaml, variables: {host: "db.local", id: "no spaces"}}
            c: {image: app/v1, config: /names.yaml, variables: {host: "db.local", id: "fine-1"}}
            """);

        var problems = _tree.Desired().Problems.Select(p => p.Message).ToList();

        Assert.True(problems.Count == 2, string.Join("\n", problems));
        Assert.StartsWith("a.variables.host: 'db.-bad' must be dot-separated", problems[0], StringComparison.Ordinal);
        Assert.Equal("b.variables.id: 'no spaces' may only use letters, digits, '_' and '-'", problems[1]);
    }

    [Fact]
    public void Build_ContainerUserOutsideAllowList_IsRejected()
    {
        _tree.Containers.Add("app/v1", "/root.yaml", "executable: /bin/app\nuser-id: 0");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /root.yaml}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Equal("web.config: user 0 is not allowed by the sandbox (allow-users [1000-1999])", problem.Message);
    }

    [Theory]
    [InlineData("p: !Name", "\"@{p}\"", "22")]
    [InlineData("p: !Choice [\"80\", \"8080\"]", "\"@{p}\"", "80")]
    [InlineData("p: !Name", "\"8@{p}\"", "0")]
    public void Build_PortKeyFromNonPortVariableOutsideAllowList_IsRejectedAfterSubstitution(string variable, string key, string value)
    {
        _tree.Containers.Add("app/v1", "/templated.yaml", $"executable: /bin/app\nvariables:\n  {variable}\ntcp-ports: {{{key}: {{fd: 3}}}}");
        _tree.WriteProcesses("s", $"web: {{image: app/v1, config: /templated.yaml, variables: {{p: \"{value}\"}}}}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Contains("outside the sandbox's allow-tcp-ports [8000-8999]", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_tree.Desired().Instances);
    }

    [Fact]
    public void Build_PortKeyFromNameVariableInsideAllowList_IsAccepted()
    {
        _tree.Containers.Add("app/v1", "/templated.yaml", "executable: /bin/app\nvariables:\n  p: !Name\ntcp-ports: {\"@{p}\": {fd: 3}}");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /templated.yaml, variables: {p: \"8081\"}}");

        var desired = _tree.Desired();

        Assert.Empty(desired.Problems);
        Assert.Equal(8081, Assert.Single(Assert.Single(desired.Instances).Value.Container.TcpPorts.Keys));
    }

    [Fact]
    public void Build_ContainerPortOutsideAllowList_IsRejected()
    {
        _tree.Containers.Add("app/v1", "/port.yaml", "executable: /bin/app\ntcp-ports: {\"22\": {fd: 3}}");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /port.yaml}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Contains("port 22 is outside the sandbox's allow-tcp-ports", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("variables:\n  web: !TcpPort {activation: systemd}\n  admin: !TcpPort\ntcp-ports: {\"@{admin}\": {fd: 3}}", "the container's tcp-ports '@{admin}' uses fd 3, which systemd socket activation takes (fd 3)")]
    [InlineData("tcp-ports: {\"8080\": {fd: 4}, \"8081\": {fd: 4}}", "the container's tcp-ports '8080', '8081' all use fd 4")]
    [InlineData("tcp-ports: {\"8080\": {fd: 3, host: localhost}}", "the container's tcp-ports '8080' has host 'localhost', which is not an IP address")]
    [InlineData("variables:\n  web: !TcpPort {activation: systemd}\nenviron: {LISTEN_FDS: \"1\"}", "environ sets LISTEN_FDS, which systemd socket activation sets itself")]
    public void Build_SocketDescriptorsClashOrHostNotAnAddress_IsRejected(string settings, string reason)
    {
        _tree.Containers.Add("app/v1", "/sock.yaml", "executable: /bin/app\n" + settings);
        var variables = settings.Contains("admin", StringComparison.Ordinal) ? "{web: \"8080\", admin: \"8081\"}" : settings.Contains("web", StringComparison.Ordinal) ? "{web: \"8080\"}" : "{}";
        _tree.WriteProcesses("s", $"web: {{image: app/v1, config: /sock.yaml, variables: {variables}}}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Equal($"web.config: {reason}", problem.Message);
    }

    [Fact]
    public void Build_ActivationAndTcpPortsOnOtherFds_IsAccepted()
    {
        _tree.Containers.Add("app/v1", "/sock.yaml", "executable: /bin/app\nvariables:\n  web: !TcpPort {activation: systemd}\n  admin: !TcpPort\ntcp-ports: {\"@{admin}\": {fd: 0}, \"8085\": {fd: 4, host: \"::1\"}}");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /sock.yaml, variables: {web: \"8080\", admin: \"8081\"}}");

        Assert.Empty(_tree.Desired().Problems);
    }

    [Fact]
    public void Build_KindMismatch_IsRejected()
    {
        _tree.Containers.Add("app/v1", "/cmd.yaml", "kind: Command\nexecutable: /bin/migrate");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /cmd.yaml}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Contains("the entry is a Daemon but the container config at /cmd.yaml is a Command", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ContainerReferencesUndeclaredVariable_IsRejected()
    {
        _tree.Containers.Add("app/v1", "/ref.yaml", "executable: /bin/app\narguments: [\"@{secret}\"]");
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /ref.yaml}");

        var problem = Assert.Single(_tree.Desired().Problems);

        Assert.Contains("arguments use @{secret}, which is not a declared variable", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingContainerConfig_IsRejectedNotSkipped()
    {
        _tree.WriteProcesses("s", "web: {image: app/v1, config: /missing.yaml}");

        var desired = _tree.Desired();

        Assert.Contains("no such file in the image", Assert.Single(desired.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("s", desired.FailedSandboxes);
    }

    [Fact]
    public void Load_ProcessesFileThatDoesNotParse_IsRejectedNotEmpty()
    {
        _tree.WriteProcesses("s", "web:\n  image: app/v1\n  config: [/config.yaml\n");

        var tree = _tree.Load();

        var problem = Assert.Single(tree.Problems);
        Assert.EndsWith("processes/s.yaml", problem.Path, StringComparison.Ordinal);
        Assert.NotNull(problem.Line);
        Assert.Contains("s", tree.FailedSandboxes);
        Assert.False(tree.Processes.ContainsKey("s"));
    }

    [Fact]
    public void Load_MissingProcessesFile_RunsNothingWithoutProblem()
    {
        var tree = _tree.Load();

        Assert.Empty(tree.Problems);
        Assert.Empty(tree.Processes["s"].Entries);
    }

    [Fact]
    public void Load_ProcessesFileThatIsNotAMapping_IsRejected()
    {
        _tree.WriteProcesses("s", "- web\n- worker\n");

        var problem = Assert.Single(_tree.Load().Problems);

        Assert.Contains("must be a mapping", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AlternateFileForUnknownSandbox_IsAProblem()
    {
        var path = _tree.WriteProcesses("other", LithosFixture.Web(1));

        var problem = Assert.Single(_tree.Load(("nope", path)).Problems);

        Assert.Contains("there is no sandbox 'nope'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AlternateFile_IsValidatedInsteadOfTheLiveOne()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(1));
        var candidate = Path.Combine(_tree.Root, "candidate.yaml");
        File.WriteAllText(candidate, LithosFixture.Web(1, image: "/abs/path"));

        Assert.Empty(_tree.Load().Problems);
        Assert.Contains("must be relative", Assert.Single(_tree.Load(("s", candidate)).Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepLastGood_BrokenEdit_KeepsThePreviousInstancesOfThatSandbox()
    {
        _tree.WriteProcesses("s", LithosFixture.Web(2));
        var good = _tree.Desired();
        _tree.WriteProcesses("s", "web: [broken");

        var kept = _tree.Desired().KeepLastGood(good);

        Assert.False(kept.IsValid);
        Assert.Equal(good.Instances.Keys, kept.Instances.Keys);
    }
}
