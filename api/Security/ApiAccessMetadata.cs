namespace Verwalter.Api.Security;

/// <summary>Endpoint metadata read by <see cref="ApiTokenMiddleware"/>; routes without it are classified by their HTTP methods.</summary>
internal sealed record ApiAccessMetadata(ApiAccess Access);
