namespace Verwalter.Api.Security;

/// <summary>How a route is guarded by the API token (docs/api.md#api-token).</summary>
internal enum ApiAccess
{
    /// <summary>A read: open unless <c>--api-token-protects-reads</c>.</summary>
    Read,

    /// <summary>Changes state: needs the token whenever one is configured.</summary>
    Command,

    /// <summary>Always open (the health probes <c>/healthz</c> and <c>/readyz</c>).</summary>
    Open,

    /// <summary>The handler checks the token itself (GraphQL: mutations need it, queries are reads).</summary>
    SelfChecked,
}
