// lib/versions.js: roles and their versions from input.runtime.
//
//   runtime[role][version] = {image, instances, memory_mb, cpu, ports, max_per_node, env}
// or, for a version described by a folder `<version>.d/`:
//   runtime[role][version] = {spec: {...the same fields...}, changelog: "<text>"}
// Keys that do not parse as versions (lib/semver.js) are ignored.
import * as semver from './semver.js';
import { count, int, isMap, sortedKeys } from './util.js';

const isTable = (v) => v !== null && typeof v === 'object';

function copyPorts(ports) {
  if (ports === undefined || ports === null) return {};
  if (!isMap(ports)) return undefined;
  const out = {};
  for (const name of Object.keys(ports)) {
    const p = int(ports[name]);
    if (p === undefined || p < 1 || p > 65535) return undefined;
    out[name] = p;
  }
  return out;
}

function copyEnv(env) {
  if (env === undefined || env === null) return {};
  if (!isMap(env)) return undefined;
  const out = {};
  for (const name of Object.keys(env)) {
    if (typeof env[name] !== 'string') return undefined;
    out[name] = env[name];
  }
  return out;
}

const given = (v) => v !== undefined && v !== null;

/** One version's description: {spec} or {error}. */
export function readSpec(value) {
  if (!isTable(value)) return { error: 'not a map' };
  let spec = value;
  let changelog;
  if (isTable(value.spec)) {
    spec = value.spec;
    if (typeof value.changelog === 'string') changelog = value.changelog;
  }
  if (typeof spec.image !== 'string' || spec.image === '') return { error: 'missing image' };
  let instances = 1;
  if (given(spec.instances)) {
    instances = count(spec.instances);
    if (instances === undefined) return { error: 'bad instances' };
  }
  let memoryMb;
  if (given(spec.memory_mb)) {
    memoryMb = count(spec.memory_mb);
    if (memoryMb === undefined) return { error: 'bad memory_mb' };
  }
  const cpu = given(spec.cpu) ? spec.cpu : undefined;
  if (cpu !== undefined && (typeof cpu !== 'number' || !(cpu > 0))) return { error: 'bad cpu' };
  let maxPerNode;
  if (given(spec.max_per_node)) {
    maxPerNode = int(spec.max_per_node);
    if (maxPerNode === undefined || maxPerNode < 1) return { error: 'bad max_per_node' };
  }
  const ports = copyPorts(spec.ports);
  if (!ports) return { error: 'bad ports' };
  const env = copyEnv(spec.env);
  if (!env) return { error: 'bad env' };
  return { spec: { image: spec.image, instances, memory_mb: memoryMb, cpu, max_per_node: maxPerNode, ports, env, changelog } };
}

/** {roles: Map name -> {name, list, byKey: Map}, names: sorted role names}. */
export function readRoles(runtime, log) {
  const roles = new Map();
  const names = [];
  if (!isMap(runtime)) {
    log.warn('runtime is missing or not a map');
    return { roles, names };
  }
  for (const name of sortedKeys(runtime)) {
    const entry = runtime[name];
    if (!isMap(entry)) {
      log.info(`runtime.${name} is not a map, not a role`);
      continue;
    }
    const list = [];
    const byKey = new Map();
    for (const key of sortedKeys(entry)) {
      const v = semver.parse(key);
      if (!v) {
        log.info(`${name}: ignoring runtime key ${JSON.stringify(key)} (not a version)`);
        continue;
      }
      const { spec, error } = readSpec(entry[key]);
      if (spec) {
        v.spec = spec;
        list.push(v);
        byKey.set(key, v);
      } else {
        log.warn(`${name}: skipping version ${key}: ${error}`);
      }
    }
    list.sort(semver.compare);
    if (list.length === 0) {
      log.warn(`${name}: no usable versions, role skipped`);
    } else {
      log.info(`${name}: versions ${list.map((v) => v.text).join(', ')}`);
      roles.set(name, { name, list, byKey });
      names.push(name);
    }
  }
  return { roles, names };
}

/** The newest release (a pre-release only when there is nothing else). */
export function latest(role) {
  for (let i = role.list.length - 1; i >= 0; i--) {
    if (!semver.isPrerelease(role.list[i])) return role.list[i];
  }
  return role.list[role.list.length - 1];
}
