using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary><c>{ domain message }</c>: one entry of the status's error map.</summary>
internal sealed class ErrorGraphType : ObjectGraphType<KeyValuePair<string, string>>
{
    public ErrorGraphType()
    {
        Name = "StatusError";
        Field<NonNullGraphType<StringGraphType>, string>("domain").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>, string>("message").Resolve(c => c.Source.Value);
    }
}
