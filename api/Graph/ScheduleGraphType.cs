using System.Text;
using GraphQL.Types;
using Verwalter.Scheduling;

namespace Verwalter.Api.Graph;

/// <summary><c>schedule { hash timestamp origin epoch data }</c>; <c>data</c> is the schedule's JSON text.</summary>
internal sealed class ScheduleGraphType : ObjectGraphType<Schedule>
{
    public ScheduleGraphType()
    {
        Name = "Schedule";
        Field<NonNullGraphType<StringGraphType>, string>("hash").Resolve(c => c.Source.Hash);
        Field<NonNullGraphType<FloatGraphType>, double>("timestamp").Description("Milliseconds since the Unix epoch when the leader made it.").Resolve(c => c.Source.Timestamp);
        Field<NonNullGraphType<StringGraphType>, string>("origin").Resolve(c => c.Source.Origin);
        Field<NonNullGraphType<FloatGraphType>, double>("epoch").Resolve(c => c.Source.Epoch);
        Field<NonNullGraphType<StringGraphType>, string>("data").Description("The schedule data as JSON text.").Resolve(c => Encoding.UTF8.GetString(c.Source.Data));
    }
}
