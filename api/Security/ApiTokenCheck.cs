namespace Verwalter.Api.Security;

/// <summary>The outcome of checking a request's <c>Authorization</c> header.</summary>
internal enum ApiTokenCheck
{
    /// <summary>The right token, or no token is configured.</summary>
    Accepted,

    /// <summary>No <c>Authorization: Bearer …</c> header.</summary>
    Missing,

    /// <summary>A bearer token that is not the configured one.</summary>
    Wrong,
}
