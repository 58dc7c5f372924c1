using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Verwalter.Tests.Ui;

/// <summary>
/// HTTP/1.1 requests with the request target sent exactly as given: HttpClient and Uri resolve
/// <c>..</c> and decode <c>%2e</c> before sending, which would hide what an attacker sends.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Head, string Body)> GetAsync(int port, string target, string method = "GET")
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = await reader.ReadToEndAsync(timeout.Token);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        return (status, head, split < 0 ? "" : text[(split + 4)..]);
    }
}
