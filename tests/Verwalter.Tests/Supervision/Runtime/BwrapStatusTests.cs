using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class BwrapStatusTests
{
    [Fact]
    public void Parse_StartAndExit_GivesChildPidAndExitCode()
    {
        var status = BwrapStatus.Parse("""
            { "child-pid": 20453, "mnt-namespace": 4026532576, "pid-namespace": 4026532577 }
            { "exit-code": 137 }

            """);

        Assert.Equal(new BwrapStatus(20453, 137), status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"child-pid\": 12 }\n")]
    [InlineData("{ \"child-pid\": 12 }\n{ \"exit-co")]
    public void Parse_NoExitLine_HasNoExitCode(string text)
    {
        Assert.Null(BwrapStatus.Parse(text).ExitCode);
    }

    [Fact]
    public void Read_MissingFile_IsEmpty()
    {
        Assert.Equal(default, BwrapStatus.Read("/nonexistent/verwalter/status"));
    }
}
