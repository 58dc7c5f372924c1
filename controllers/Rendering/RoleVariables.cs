using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Verwalter.Rendering;

/// <summary>
/// Works out the variables of every role this node renders from a schedule, as the original's
/// "compat" responder did, but with the documented priority applied deterministically: node-role
/// vars, then node vars, then role vars, then global vars; objects are merged two levels deep
/// (first source wins per key, deeper values replaced whole, a non-object after an object dropped).
/// Only roles listed in <c>nodes[hostname].roles</c> are rendered here.
/// </summary>
public static class RoleVariables
{
    /// <summary>The roles to render on <paramref name="hostname"/> with their merged variables (without
    /// the per-apply fields), and every role the schedule knows of.</summary>
    public static RolePlan Compute(JsonObject schedule, string hostname)
    {
        var vars = AsObject(schedule["vars"]);
        var roles = AsObject(schedule["roles"]);
        var nodes = AsObject(schedule["nodes"]);
        var node = AsObject(nodes[hostname]);
        var nodeVars = AsObject(node["vars"]);
        var nodeRoles = AsObject(node["roles"]);

        var toRender = ImmutableSortedDictionary.CreateBuilder<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (role, _) in nodeRoles)
        {
            var merged = Merge(AsObject(nodeRoles[role]), nodeVars, AsObject(roles[role]), vars);
            merged["role"] = role;
            if (!merged.ContainsKey("node"))
            {
                merged["node"] = hostname;
            }

            toRender[role] = merged;
        }

        var all = roles.Select(p => p.Key)
            .Concat(nodes.SelectMany(n => AsObject(AsObject(n.Value)["roles"]).Select(r => r.Key)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new RolePlan(toRender.ToImmutable(), all, nodes.ContainsKey(hostname));
    }

    /// <summary>Merges objects, highest priority first, two levels deep.</summary>
    public static JsonObject Merge(params JsonObject[] sources)
    {
        var result = new JsonObject();
        foreach (var source in sources)
        {
            foreach (var (key, value) in source)
            {
                if (!result.TryGetPropertyValue(key, out var existing))
                {
                    result[key] = value?.DeepClone();
                }
                else if (existing is JsonObject inner && value is JsonObject more)
                {
                    foreach (var (innerKey, innerValue) in more)
                    {
                        if (!inner.ContainsKey(innerKey))
                        {
                            inner[innerKey] = innerValue?.DeepClone();
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>An object, or an empty one for anything else (a schedule may write <c>[]</c> for an empty object).</summary>
    private static JsonObject AsObject(JsonNode? node) => node as JsonObject ?? [];
}

/// <summary>The roles to render on this node (name → merged vars) and all roles of the schedule.</summary>
public sealed record RolePlan(ImmutableSortedDictionary<string, JsonObject> ToRender, ImmutableArray<string> AllRoles, bool NodeListed);
