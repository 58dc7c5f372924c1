using Microsoft.Extensions.Options;

namespace Verwalter.Peers;

/// <summary>Cross-field rules of <see cref="PeersOptions"/> that DataAnnotations cannot express.</summary>
internal sealed class PeersOptionsValidator : IValidateOptions<PeersOptions>
{
    public ValidateOptionsResult Validate(string? name, PeersOptions options) =>
        options.AckTimeout < options.ProtocolPeriod
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Verwalter:Peers:AckTimeout ({options.AckTimeout}) must be below ProtocolPeriod ({options.ProtocolPeriod})");
}
