// lib/actions.js: operator actions (buttons) posted to /v1/action.
//
// input.actions maps action id (a string here) -> posted JSON. Understood bodies:
//   {"button": {"action": "set_version", "role": R, "version": V}}
//   {"button": {"action": "scale", "role": R, "instances": N}}
// Applied in id order, so the last one wins; anything else is logged and ignored.
import { count, isMap, show } from './util.js';

export const MAX_INSTANCES = 100;

/** [{id, body}] in ascending id order. */
export function sorted(list, log) {
  const out = [];
  if (!isMap(list)) return out;
  for (const key of Object.keys(list)) {
    const id = /^-?\d+$/.test(key) ? Number(key) : undefined;
    if (id !== undefined && Number.isSafeInteger(id)) {
      out.push({ id, body: list[key] });
    } else {
      log.warn(`action with a non-numeric id ${key} ignored`);
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Applies the actions to `desired` (Map role -> {version, instances, ...}). */
export function apply(list, roles, desired, now, log) {
  for (const a of list) {
    const button = isMap(a.body) ? a.body.button : undefined;
    const isButton = isMap(button);
    const kind = isButton ? button.action : undefined;
    const roleName = isButton ? button.role : undefined;
    const role = typeof roleName === 'string' ? roles.get(roleName) : undefined;
    const d = role ? desired.get(roleName) : undefined;
    if (typeof kind !== 'string') {
      log.warn(`action ${a.id}: not a button, ignored`);
    } else if (kind !== 'set_version' && kind !== 'scale') {
      log.warn(`action ${a.id}: unknown action ${JSON.stringify(kind)}, ignored`);
    } else if (!d) {
      log.warn(`action ${a.id}: ${kind} for unknown role ${show(roleName)}, ignored`);
    } else if (kind === 'set_version') {
      const { version } = button;
      if (typeof version !== 'string' || !role.byKey.has(version)) {
        log.warn(`action ${a.id}: ${roleName} has no version ${show(version)}, ignored`);
      } else {
        log.info(`action ${a.id}: ${roleName} set_version ${version} (was ${d.version})`);
        Object.assign(d, { version, version_timestamp: now, version_action: a.id });
      }
    } else {
      const n = count(button.instances);
      if (n === undefined || n > MAX_INSTANCES) {
        const shown = typeof button.instances === 'string' ? JSON.stringify(button.instances) : show(button.instances);
        log.warn(`action ${a.id}: ${roleName} scale to ${shown} is not a count 0..${MAX_INSTANCES}, ignored`);
      } else {
        log.info(`action ${a.id}: ${roleName} scale to ${n} (was ${d.instances})`);
        Object.assign(d, { instances: n, instances_timestamp: now, instances_action: a.id });
      }
    }
  }
}
