using GraphQL.Types;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Api.Graph;

/// <summary>A supervised instance: <c>{ name sandbox process state pid startedAt restarts failures lastExit lastError }</c>.</summary>
internal sealed class InstanceGraphType : ObjectGraphType<InstanceStatus>
{
    public InstanceGraphType()
    {
        Name = "Instance";
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>, string>("sandbox").Resolve(c => c.Source.Sandbox);
        Field<NonNullGraphType<StringGraphType>, string>("process").Resolve(c => c.Source.Process);
        Field<NonNullGraphType<StringGraphType>, string>("state").Resolve(c => c.Source.State);
        Field<IntGraphType, int?>("pid").Resolve(c => c.Source.Pid);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<NonNullGraphType<FloatGraphType>, double>("restarts").Resolve(c => c.Source.Restarts);
        Field<NonNullGraphType<FloatGraphType>, double>("failures").Resolve(c => c.Source.Failures);
        Field<StringGraphType, string>("lastExit").Resolve(c => c.Source.LastExit);
        Field<StringGraphType, string>("lastError").Resolve(c => c.Source.LastError);
    }
}
