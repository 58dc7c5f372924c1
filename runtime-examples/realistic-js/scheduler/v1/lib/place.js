// lib/place.js: spreads a role's instances over the alive nodes.
//
// Every node gets floor(n / k) or one more (k = node count), capped by max_per_node. The "one
// more" goes first to nodes with more instances in the previous placement, then to lower load
// so far (roles placed before this one), then by hostname. Same input, same placement.
import { byteCompare } from './util.js';

/** {placement: {hostname: count > 0}, placed}; `load` (Map hostname -> count) is updated. */
export function spread(total, nodes, previous, load, maxPerNode) {
  const k = nodes.length;
  const placement = {};
  if (k === 0 || total === 0) return { placement, placed: 0 };
  const placed = maxPerNode !== undefined && total > k * maxPerNode ? k * maxPerNode : total;
  const base = Math.floor(placed / k);
  const extra = placed % k;
  const order = nodes.map((node) => node.hostname).sort((a, b) => {
    const [pa, pb] = [previous[a] ?? 0, previous[b] ?? 0];
    if (pa !== pb) return pb - pa;
    const [la, lb] = [load.get(a) ?? 0, load.get(b) ?? 0];
    if (la !== lb) return la - lb;
    return byteCompare(a, b);
  });
  order.forEach((host, i) => {
    const n = base + (i < extra ? 1 : 0);
    if (n > 0) {
      placement[host] = n;
      load.set(host, (load.get(host) ?? 0) + n);
    }
  });
  return { placement, placed };
}
