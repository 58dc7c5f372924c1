using Verwalter.Rendering.Commands;

namespace Verwalter.Tests.Rendering.Commands;

public sealed class ProcessArgvTests
{
    private static string Expand(string s) => s.Replace("{{ role }}", "web", StringComparison.Ordinal);

    [Fact]
    public void Root_NotRoot_SudoNonInteractiveWithArgv0Expanded() =>
        Assert.Equal(["/usr/bin/sudo", "-n", "/bin/web-ctl", "web"], ProcessArgv.Root(["/bin/{{ role }}-ctl", "{{ role }}"], isRoot: false, Expand).ToArray());

    [Fact]
    public void Root_AsRoot_Argv0NotExpanded() =>
        Assert.Equal(["/bin/{{ role }}-ctl", "web"], ProcessArgv.Root(["/bin/{{ role }}-ctl", "{{ role }}"], isRoot: true, Expand).ToArray());

    [Fact]
    public void Cmd_Argv0NotExpanded() =>
        Assert.Equal(["{{ role }}", "web"], ProcessArgv.Cmd(["{{ role }}", "{{ role }}"], Expand).ToArray());

    [Fact]
    public void Sh_ShellWithTraceAndExitOnError() =>
        Assert.Equal(["sh", "-exc", "echo web"], ProcessArgv.Sh("echo {{ role }}", Expand).ToArray());

    [Fact]
    public void Cmd_Empty_Throws() =>
        Assert.Throws<FormatException>(() => ProcessArgv.Cmd([], Expand));
}
