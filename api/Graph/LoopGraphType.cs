using GraphQL.Types;
using Verwalter.Api.Contracts;

namespace Verwalter.Api.Graph;

/// <summary>A loop's condition, as in <c>/v1/status</c> <c>loops</c>.</summary>
internal sealed class LoopGraphType : ObjectGraphType<LoopStatus>
{
    public LoopGraphType()
    {
        Name = "Loop";
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("lastSuccess").Resolve(c => c.Source.LastSuccess);
        Field<StringGraphType, string>("lastError").Resolve(c => c.Source.LastError);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("lastErrorAt").Resolve(c => c.Source.LastErrorAt);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("nextRetry").Resolve(c => c.Source.NextRetry);
        Field<NonNullGraphType<IntGraphType>, int>("consecutiveFailures").Resolve(c => c.Source.ConsecutiveFailures);
        Field<IntGraphType, int?>("queueDepth").Resolve(c => c.Source.QueueDepth);
    }
}
