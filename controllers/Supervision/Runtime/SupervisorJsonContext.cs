using System.Text.Json.Serialization;

namespace Verwalter.Supervision.Runtime;

/// <summary>Source-generated JSON for the files in the runtime dir (instance records, status).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InstanceRecord))]
[JsonSerializable(typeof(SupervisorStatus))]
internal sealed partial class SupervisorJsonContext : JsonSerializerContext;
