using System.Globalization;
using HandlebarsDotNet;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// The one Handlebars.Net configuration templates are compiled with: no HTML escaping (outputs
/// are config files), invariant culture, JSON-style booleans and floats. Strict mode turns an
/// unresolved name (also in <c>#if</c>/<c>#each</c>) into an error instead of an empty string.
/// </summary>
internal static class HandlebarsEnvironments
{
    /// <summary>
    /// A fresh environment per compile: compiled templates are cached by the caller, and a private
    /// environment keeps concurrent compiles of different roles from sharing mutable state.
    /// </summary>
    public static IHandlebars Create(bool strict)
    {
        var configuration = new HandlebarsConfiguration
        {
            NoEscape = true,
            FormatProvider = CultureInfo.InvariantCulture,
            ThrowOnUnresolvedBindingExpression = strict,
        };
        configuration.FormatterProviders.Add(JsonScalarFormatter.Instance);
        return Handlebars.Create(configuration);
    }
}
