using Microsoft.AspNetCore.Http.Features;

namespace Verwalter.Api.Frontend;

/// <summary>
/// Kestrel resolves <c>.</c> and <c>..</c> segments before routing, so <c>/~app/js/../../x</c>
/// would arrive as <c>/x</c> and be answered as a page route. Frontend routes look at the
/// request target as it was sent instead and answer 404 when any segment, percent-decoded once
/// or several times, is <c>.</c> or <c>..</c>, or holds a backslash or NUL.
/// </summary>
internal static class RawPath
{
    private const int MaxDecodings = 4;

    public static bool IsSafe(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = target.IndexOfAny(['?', '#']);
        return IsSafePath(query < 0 ? target : target[..query]);
    }

    public static bool IsSafePath(string path)
    {
        var current = path;
        for (var i = 0; i < MaxDecodings; i++)
        {
            if (current.Contains('\\', StringComparison.Ordinal) || current.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            if (current.Split('/').Any(s => s is "." or ".."))
            {
                return false;
            }

            var decoded = Uri.UnescapeDataString(current);
            if (decoded == current)
            {
                return true;
            }

            current = decoded;
        }

        return false;
    }
}
