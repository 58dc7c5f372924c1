// lib/peers.js: which nodes can run instances.
//
// input.peers lists the OTHER nodes; the current node comes from current_host/current_id.
// A peer is alive when it has a hostname and reported directly within STALE_MS of input.now.
import { byteCompare, int, isMap, sortedKeys } from './util.js';

export const STALE_MS = 60000;

/** [{hostname, id}] sorted by hostname. */
export function aliveNodes(input, now, log) {
  const byHost = new Map();
  const current = input.current_host;
  if (typeof current === 'string' && current !== '') {
    byHost.set(current, { hostname: current, id: input.current_id ?? undefined, self: true });
  } else {
    log.warn('input has no current_host');
  }
  const list = isMap(input.peers) ? input.peers : {};
  for (const key of sortedKeys(list)) {
    const p = list[key];
    const host = isMap(p) ? p.hostname : undefined;
    const seen = isMap(p) ? int(p.last_report_direct) : undefined;
    if (typeof host !== 'string' || host === '') {
      log.warn(`peer ${key}: no hostname, ignored`);
    } else if (seen === undefined) {
      log.info(`peer ${host} (${key}): never reported directly, not used`);
    } else if (now - seen > STALE_MS) {
      log.info(`peer ${host} (${key}): last report ${now - seen} ms ago, not used`);
    } else {
      const other = byHost.get(host);
      const id = typeof p.id === 'string' ? p.id : key;
      if (other?.self) {
        log.warn(`peer ${key} has our own hostname ${host}, ignored`);
      } else if (other && other.seen >= seen) {
        log.warn(`peers ${other.id} and ${id} share hostname ${host}, keeping ${other.id}`);
      } else {
        if (other) log.warn(`peers ${other.id} and ${id} share hostname ${host}, keeping ${id}`);
        byHost.set(host, { hostname: host, id, seen });
      }
    }
  }
  return [...byHost.keys()].sort(byteCompare).map((host) => byHost.get(host));
}
