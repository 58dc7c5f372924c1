namespace Verwalter.Api.Endpoints;

/// <summary>Reads a request body into memory up to a limit (the JSON commands and <c>/v1/query</c>).</summary>
internal static class RequestBody
{
    /// <summary>The whole body; <see cref="InvalidDataException"/> once it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new InvalidDataException($"the body exceeds {maxBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"the body exceeds {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
