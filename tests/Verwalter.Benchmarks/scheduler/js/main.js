// Synthetic placement scheduler for the benchmark (the JavaScript twin of ../main.lua): every
// role's instances spread round-robin over the sorted host names, the version kept from the
// parent's state when it still exists.
const sortedKeys = (o) => Object.keys(o).sort();

export function scheduler(input) {
  const hosts = Object.values(input.peers).map((p) => p.hostname);
  hosts.push(input.current_host);
  hosts.sort();

  const parentState = input.parents[0]?.state ?? {};
  const nodes = {}, roles = {}, state = {};
  let cursor = 0;
  for (const role of sortedKeys(input.runtime)) {
    const versions = sortedKeys(input.runtime[role]);
    let version = versions[versions.length - 1];
    const previous = parentState[role];
    if (previous && input.runtime[role][previous.version]) version = previous.version;
    const meta = input.runtime[role][version];
    roles[role] = { template: `${role}/v1`, version, image: meta.image, ports: meta.ports };
    for (let i = 1; i <= meta.instances; i++) {
      cursor = cursor % hosts.length + 1;
      const host = hosts[cursor - 1];
      const node = nodes[host] ??= { roles: {} };
      const placed = node.roles[role] ??= { version, instances: 0, daemons: [] };
      placed.instances++;
      placed.daemons.push({ name: `${role}-${i}`, memory_mb: meta.memory_mb, port: meta.ports[0] + i });
    }
    state[role] = { version, instances: meta.instances, since: input.now };
  }
  console.log(`placed ${hosts.length} hosts`);
  return { nodes, roles, state, vars: { cluster: "bench" } };
}
