using System.Text.Json.Serialization;

namespace Verwalter.Supervision.Runtime;

/// <summary>A listening socket an instance was started with, in its <see cref="InstanceRecord"/>, so a later supervisor can take it back.</summary>
internal sealed record RecordedSocket(
    [property: JsonPropertyName("fd")] int Fd,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port);
