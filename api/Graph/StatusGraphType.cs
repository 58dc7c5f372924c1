using GraphQL.Types;

namespace Verwalter.Api.Graph;

/// <summary>
/// <c>Status</c> in the original's shape (camelCase: version, id, name, hostname, defaultFrontend,
/// numErrors, scheduleStatus, leader, election, peers, roles, schedule, fetch) plus what this
/// project adds: errors, roleStates, loops, supervisor, lastDeploymentId.
/// </summary>
internal sealed class StatusGraphType : ObjectGraphType<GraphStatus>
{
    public StatusGraphType()
    {
        Name = "Status";
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Status.Version);
        Field<NonNullGraphType<StringGraphType>, string>("id").Resolve(c => c.Source.Status.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Status.Name);
        Field<NonNullGraphType<StringGraphType>, string>("hostname").Resolve(c => c.Source.Status.Hostname);
        Field<NonNullGraphType<StringGraphType>, string>("defaultFrontend").Resolve(c => c.Source.Status.DefaultFrontend);
        Field<NonNullGraphType<IntGraphType>, int>("numErrors").Resolve(c => c.Source.Status.NumErrors);
        Field<NonNullGraphType<StringGraphType>, string>("scheduleStatus").Resolve(c => c.Source.Status.ScheduleStatus);
        Field<LeaderGraphType, GraphStatus>("leader").Resolve(c => c.Source.Status.Leader is null ? null : c.Source);
        Field<NonNullGraphType<ElectionGraphType>, GraphStatus>("election").Resolve(c => c.Source);
        Field<NonNullGraphType<PeersGraphType>, GraphStatus>("peers").Resolve(c => c.Source);
        Field<NonNullGraphType<RolesGraphType>, GraphStatus>("roles").Resolve(c => c.Source);
        Field<ScheduleGraphType, Verwalter.Scheduling.Schedule>("schedule").Resolve(c => c.Source.Schedule);
        Field<NonNullGraphType<FetchGraphType>, GraphStatus>("fetch").Resolve(c => c.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ErrorGraphType>>>, IEnumerable<KeyValuePair<string, string>>>("errors")
            .Description("One entry per problem domain (runtime, scheduler_load, scheduler, sandbox), naming the file.")
            .Resolve(c => c.Source.Status.Errors.OrderBy(e => e.Key, StringComparer.Ordinal));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleStateGraphType>>>, IEnumerable<Contracts.RoleStatus>>("roleStates")
            .Description("Each role's last apply on this node.")
            .Resolve(c => c.Source.Status.RoleStates);
        Field<StringGraphType, string>("lastDeploymentId").Resolve(c => c.Source.Status.LastDeploymentId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LoopGraphType>>>, IEnumerable<Contracts.LoopStatus>>("loops")
            .Description("The condition of every loop this process runs, as in /v1/status.")
            .Resolve(c => c.Source.Status.Loops);
        Field<SupervisorGraphType, Contracts.SupervisorSummary>("supervisor")
            .Description("The process supervisor (embedded or separate); null when its status cannot be read.")
            .Resolve(c => c.Source.Status.Supervisor);
    }
}
