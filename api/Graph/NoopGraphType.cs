using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary>The original's <c>noop { ok }</c> mutation result.</summary>
internal sealed class NoopGraphType : ObjectGraphType<bool>
{
    public NoopGraphType()
    {
        Name = "Noop";
        Field<NonNullGraphType<BooleanGraphType>, bool>("ok").Resolve(c => c.Source);
    }
}
