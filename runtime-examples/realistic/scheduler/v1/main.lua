-- main.lua: the example scheduler of the "realistic" config tree.
--
-- Contract (verwalter, Lua): this chunk returns a table with a function
-- `scheduler(input)`; each run returns (schedule as a JSON string, log
-- text). Modules are loaded with slash paths relative to scheduler/v1.
--
-- What it does, per role found in input.runtime:
--   1. version: kept from the parent schedules' state; the newest release
--      for a new role (or when the kept version left the runtime);
--      `set_version` actions override it;
--   2. instances: kept from the parents; the version's `instances` for a
--      new role; `scale` actions override it;
--   3. placement: spread over the alive nodes (lib/place);
--   4. output: vars/roles/nodes for rendering, state for the next run,
--      changes for the changes log.
-- It uses no randomness, no io/os and no clock other than input.now.
local json = require "lib/json"
local Log = require "lib/log"
local util = require "lib/util"
local versions = require "lib/versions"
local peers = require "lib/peers"
local state = require "lib/state"
local actions = require "lib/actions"
local place = require "lib/place"

local SCHEDULER_NAME = "realistic-example"

local function copy_nonempty(t)
  if next(t) == nil then return nil end
  local out = {}
  for k, v in pairs(t) do out[k] = v end
  return out
end

local function sorted_hosts(placement)
  return json.array(util.sorted_keys(placement))
end

-- Works out what each role should be: version and instance count.
local function decide(names, roles, merged, now, log)
  local desired = {}
  for _, name in ipairs(names) do
    local role = roles[name]
    local p = merged[name] or {}
    local d = { parent = p }
    if p.version and role.by_key[p.version] then
      d.version, d.version_timestamp = p.version, p.version_timestamp
    else
      local latest = versions.latest(role)
      if p.version then
        log:warn("%s: version %s is no longer in runtime", name, p.version)
      end
      d.version, d.version_timestamp = latest.text, now
    end
    if p.instances then
      d.instances, d.instances_timestamp = p.instances, p.instances_timestamp
    else
      d.instances = role.by_key[d.version].spec.instances
      d.instances_timestamp = now
    end
    desired[name] = d
  end
  return desired
end

local function note_changes(name, d, placed, node_count, log)
  local p = d.parent
  local where = util.counts_text(d.placement)
  if p.version == nil and p.instances == nil and p.placement == nil then
    log:change("%s: new role: version %s, %d instance(s) on %s",
      name, d.version, d.instances, where)
  else
    if d.version ~= p.version then
      local why = d.version_action
        and string.format("action %d", d.version_action)
        or (p.version and "version left the runtime" or "no version in state")
      log:change("%s: version %s -> %s (%s)",
        name, p.version or "(none)", d.version, why)
    end
    if d.instances ~= p.instances then
      local why = d.instances_action
        and string.format("action %d", d.instances_action)
        or "no instance count in state"
      log:change("%s: instances %s -> %d (%s)",
        name, p.instances and tostring(p.instances) or "(none)",
        d.instances, why)
    end
    if not util.same_counts(d.placement, p.placement or {}) then
      log:change("%s: placement %s -> %s",
        name, util.counts_text(p.placement or {}), where)
    end
  end
  if placed < d.instances then
    local why = node_count == 0 and "no alive nodes"
      or string.format("max %d per node", d.max_per_node)
    local msg = string.format("%s: only %d of %d instance(s) placed (%s)",
      name, placed, d.instances, why)
    if not util.same_counts(d.placement, p.placement or {})
        or d.instances ~= p.instances then
      log:change("%s", msg)
    else
      log:warn("%s", msg)
    end
  end
end

local function run(input, log)
  local now = util.int(input.now) or 0
  log:info("scheduler %s, now %d, current host %s",
    SCHEDULER_NAME, now, tostring(input.current_host))

  local nodes = peers.alive_nodes(input, now, log)
  local hostnames = {}
  for i, node in ipairs(nodes) do hostnames[i] = node.hostname end
  log:info("alive nodes (%d): %s", #nodes, table.concat(hostnames, ", "))

  local roles, names = versions.read_roles(input.runtime, log)
  local merged = state.merge(input.parents, log)
  for _, name in ipairs(util.sorted_keys(merged)) do
    if not roles[name] then
      log:change("%s: dropped: no usable versions in runtime", name)
    end
  end

  local desired = decide(names, roles, merged, now, log)
  actions.apply(actions.sorted(input.actions, log), roles, desired, now, log)

  local out = {
    vars = { scheduler = SCHEDULER_NAME, nodes = json.array(hostnames) },
    roles = {},
    nodes = {},
    state = {},
  }
  for _, node in ipairs(nodes) do
    out.nodes[node.hostname] = {
      vars = { node_id = node.id },
      roles = {},
    }
  end

  local load = {}
  for _, name in ipairs(names) do
    local d = desired[name]
    local spec = roles[name].by_key[d.version].spec
    d.max_per_node = spec.max_per_node
    local placement, placed = place.spread(
      d.instances, nodes, d.parent.placement or {}, load, spec.max_per_node)
    d.placement = placement
    if d.parent.placement and util.same_counts(placement, d.parent.placement) then
      d.placement_timestamp = d.parent.placement_timestamp
    else
      d.placement_timestamp = now
    end
    note_changes(name, d, placed, #nodes, log)
    log:info("%s: version %s, %d/%d instance(s): %s", name, d.version,
      placed, d.instances, util.counts_text(placement))

    out.roles[name] = {
      template = name .. "/v1",
      version = d.version,
      image = spec.image,
      instances = placed,
      hosts = sorted_hosts(placement),
      memory_mb = spec.memory_mb,
      cpu = spec.cpu,
      ports = copy_nonempty(spec.ports),
      env = copy_nonempty(spec.env),
      changelog = spec.changelog,
    }
    for host, n in pairs(placement) do
      out.nodes[host].roles[name] = { instances = n, version = d.version }
    end
    out.state[name] = {
      version = d.version,
      version_timestamp = d.version_timestamp,
      instances = d.instances,
      instances_timestamp = d.instances_timestamp,
      placement = placement,
      placement_timestamp = d.placement_timestamp,
    }
  end

  out.changes = json.array(log.changes)
  log:info("%d change(s)", #log.changes)
  return out
end

local function scheduler(input)
  local log = Log.new()
  local ok, result = xpcall(run, debug.traceback, input, log)
  if not ok then
    return nil, log:text() .. "Error: " .. tostring(result) .. "\n"
  end
  return json.encode(result), log:text()
end

return { scheduler = scheduler }
