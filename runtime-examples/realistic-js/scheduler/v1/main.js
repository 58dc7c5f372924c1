// main.js: the scheduler of the "realistic-js" config tree, the JavaScript twin of
// ../realistic/scheduler/v1/main.lua. Same input, same schedule data.
//
// Per role found in input.runtime:
//   1. version: kept from the parents' state; the newest release for a new role (or when the
//      kept version left the runtime); `set_version` actions override it;
//   2. instances: kept from the parents; the version's `instances` for a new role; `scale`
//      actions override it;
//   3. placement: spread over the alive nodes (lib/place.js);
//   4. output: vars/roles/nodes for rendering, state for the next run, changes for the log.
// No randomness and no clock other than input.now.
import * as actions from './lib/actions.js';
import { Log } from './lib/log.js';
import { aliveNodes } from './lib/peers.js';
import { spread } from './lib/place.js';
import { merge } from './lib/state.js';
import { int, sameCounts, countsText, sortedKeys, show } from './lib/util.js';
import { latest, readRoles } from './lib/versions.js';

const SCHEDULER_NAME = 'realistic-example';

const copyNonEmpty = (t) => (Object.keys(t).length === 0 ? undefined : { ...t });

function decide(names, roles, merged, now, log) {
  const desired = new Map();
  for (const name of names) {
    const role = roles.get(name);
    const p = merged.get(name) ?? {};
    const d = { parent: p };
    if (p.version !== undefined && role.byKey.has(p.version)) {
      d.version = p.version;
      d.version_timestamp = p.version_timestamp;
    } else {
      if (p.version !== undefined) log.warn(`${name}: version ${p.version} is no longer in runtime`);
      d.version = latest(role).text;
      d.version_timestamp = now;
    }
    if (p.instances !== undefined) {
      d.instances = p.instances;
      d.instances_timestamp = p.instances_timestamp;
    } else {
      d.instances = role.byKey.get(d.version).spec.instances;
      d.instances_timestamp = now;
    }
    desired.set(name, d);
  }
  return desired;
}

function noteChanges(name, d, placed, nodeCount, log) {
  const p = d.parent;
  const where = countsText(d.placement);
  const before = p.placement ?? {};
  if (p.version === undefined && p.instances === undefined && p.placement === undefined) {
    log.change(`${name}: new role: version ${d.version}, ${d.instances} instance(s) on ${where}`);
  } else {
    if (d.version !== p.version) {
      const why = d.version_action !== undefined ? `action ${d.version_action}`
        : p.version !== undefined ? 'version left the runtime' : 'no version in state';
      log.change(`${name}: version ${p.version ?? '(none)'} -> ${d.version} (${why})`);
    }
    if (d.instances !== p.instances) {
      const why = d.instances_action !== undefined ? `action ${d.instances_action}` : 'no instance count in state';
      log.change(`${name}: instances ${p.instances ?? '(none)'} -> ${d.instances} (${why})`);
    }
    if (!sameCounts(d.placement, before)) {
      log.change(`${name}: placement ${countsText(before)} -> ${where}`);
    }
  }
  if (placed < d.instances) {
    const why = nodeCount === 0 ? 'no alive nodes' : `max ${d.max_per_node} per node`;
    const msg = `${name}: only ${placed} of ${d.instances} instance(s) placed (${why})`;
    if (!sameCounts(d.placement, before) || d.instances !== p.instances) {
      log.change(msg);
    } else {
      log.warn(msg);
    }
  }
}

function run(input, log) {
  const now = int(input.now) ?? 0;
  log.info(`scheduler ${SCHEDULER_NAME}, now ${now}, current host ${show(input.current_host)}`);
  const nodes = aliveNodes(input, now, log);
  const hostnames = nodes.map((node) => node.hostname);
  log.info(`alive nodes (${nodes.length}): ${hostnames.join(', ')}`);

  const { roles, names } = readRoles(input.runtime, log);
  const merged = merge(input.parents, log);
  for (const name of [...merged.keys()].sort()) {
    if (!roles.has(name)) log.change(`${name}: dropped: no usable versions in runtime`);
  }

  const desired = decide(names, roles, merged, now, log);
  actions.apply(actions.sorted(input.actions, log), roles, desired, now, log);

  const out = { vars: { scheduler: SCHEDULER_NAME, nodes: hostnames }, roles: {}, nodes: {}, state: {} };
  for (const node of nodes) {
    out.nodes[node.hostname] = { vars: { node_id: node.id }, roles: {} };
  }

  const load = new Map();
  for (const name of names) {
    const d = desired.get(name);
    const { spec } = roles.get(name).byKey.get(d.version);
    d.max_per_node = spec.max_per_node;
    const { placement, placed } = spread(d.instances, nodes, d.parent.placement ?? {}, load, spec.max_per_node);
    d.placement = placement;
    d.placement_timestamp = d.parent.placement && sameCounts(placement, d.parent.placement)
      ? d.parent.placement_timestamp : now;
    noteChanges(name, d, placed, nodes.length, log);
    log.info(`${name}: version ${d.version}, ${placed}/${d.instances} instance(s): ${countsText(placement)}`);

    out.roles[name] = {
      template: `${name}/v1`,
      version: d.version,
      image: spec.image,
      instances: placed,
      hosts: sortedKeys(placement),
      memory_mb: spec.memory_mb,
      cpu: spec.cpu,
      ports: copyNonEmpty(spec.ports),
      env: copyNonEmpty(spec.env),
      changelog: spec.changelog,
    };
    for (const [host, n] of Object.entries(placement)) {
      out.nodes[host].roles[name] = { instances: n, version: d.version };
    }
    out.state[name] = {
      version: d.version,
      version_timestamp: d.version_timestamp,
      instances: d.instances,
      instances_timestamp: d.instances_timestamp,
      placement,
      placement_timestamp: d.placement_timestamp,
    };
  }

  out.changes = log.changes;
  log.info(`${out.changes.length} change(s)`);
  return out;
}

export function scheduler(input) {
  return run(input, new Log());
}
