using System.Text.Json.Serialization;

namespace Verwalter.Api.Contracts;

/// <summary>JSON of the election, leader and action routes (kept apart from <see cref="VerwalterJsonContext"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(ElectionResponse))]
[JsonSerializable(typeof(ActionRegistered))]
[JsonSerializable(typeof(ActionPending))]
[JsonSerializable(typeof(NotLeaderResponse))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;

/// <summary><c>/v1/election</c>: the original's fields (times in ms), then the phase and the leader's address.</summary>
internal sealed record ElectionResponse(
    bool IsLeader,
    bool IsStable,
    string? Leader,
    string? Promoting,
    int? NumVotesForMe,
    int? NeededVotes,
    long Epoch,
    long Deadline,
    long? LastStableTimestamp,
    string Phase,
    string? LeaderAddr,
    long Since);

/// <summary><c>/v1/action</c> answer.</summary>
internal sealed record ActionRegistered(long Registered);

/// <summary><c>/v1/action_is_pending/{id}</c> answer.</summary>
internal sealed record ActionPending(bool Pending);

/// <summary>503 body of the leader-only routes on a node that does not lead.</summary>
internal sealed record NotLeaderResponse(string Error, string? Leader, string? LeaderAddr);
