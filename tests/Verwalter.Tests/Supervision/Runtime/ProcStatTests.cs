using System.Collections.Immutable;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Tests.Supervision.Runtime;

public sealed class ProcStatTests
{
    [Fact]
    public void Parse_CommandWithSpacesAndParentheses_ReadsFieldsAfterTheName()
    {
        const string Text = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000000 321 18446744073709551615";

        var stat = ProcStat.Parse(4242, Text);

        Assert.Equal(new ProcStat(4242, 'S', 1, 4242, 4242, 987654, 321), stat);
    }

    [Fact]
    public void Parse_Truncated_IsNull() => Assert.Null(ProcStat.Parse(1, "1 (x) S 0"));

    [Fact]
    public void Read_OwnProcess_IsAliveWithAStartTime()
    {
        var stat = ProcStat.Read(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.False(stat.Value.IsZombie);
        Assert.True(stat.Value.StartTime > 0);
    }

    [Fact]
    public void IdentityJson_RoundTrip_GivesAnEqualIdentity()
    {
        var identity = new InstanceIdentity("app/v1", "/c.yaml", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("b", "2"), KeyValuePair.Create("a", "1")]), ["ns"], "10.0.0.2", ProcessKind.Daemon);

        Assert.Equal(identity, InstanceIdentityJson.Parse(identity.ToJson()));
    }

    [Fact]
    public void IdentityJson_Garbage_IsNull() => Assert.Null(InstanceIdentityJson.Parse("{\"image\": 1}"));
}
