// lib/state.js: the scheduler's memory, carried from run to run.
//
// Each schedule keeps state[role] = {version, version_timestamp, instances, instances_timestamp,
// placement: {hostname: count}, placement_timestamp}; the next run gets it back in input.parents.
// Several parents are merged per field: the newest timestamp wins, ties go to the earlier parent.
import { copyCounts, count, int, isMap, sortedKeys } from './util.js';

const readers = {
  version: (v) => (typeof v === 'string' && v !== '' ? v : undefined),
  instances: count,
  placement: (v) => (isMap(v) ? copyCounts(v) : undefined),
};
const FIELDS = ['version', 'instances', 'placement'];

/** Map role -> merged state (fields may be undefined). */
export function merge(parents, log) {
  const merged = new Map();
  if (!Array.isArray(parents)) return merged;
  const total = parents.length;
  if (total === 0) {
    log.info('no parent schedules: starting from scratch');
  } else if (total > 1) {
    log.info(`${total} parent schedules: merging their state per field`);
  }
  parents.forEach((parent, i) => {
    const index = i + 1;
    let roles = isMap(parent) ? parent.state : undefined;
    if (!isMap(roles)) {
      log.warn(`parent ${index} has no state`);
      roles = {};
    }
    for (const role of sortedKeys(roles)) {
      const s = roles[role];
      if (!isMap(s)) continue;
      if (!merged.has(role)) merged.set(role, {});
      const m = merged.get(role);
      for (const field of FIELDS) {
        const value = readers[field](s[field]);
        const ts = int(s[`${field}_timestamp`]) ?? 0;
        const current = m[`${field}_timestamp`];
        if (value !== undefined && (current === undefined || ts > current)) {
          m[field] = value;
          m[`${field}_timestamp`] = ts;
          if (total > 1) log.info(`${role}: ${field} from parent ${index} (timestamp ${ts})`);
        }
      }
    }
  });
  return merged;
}
