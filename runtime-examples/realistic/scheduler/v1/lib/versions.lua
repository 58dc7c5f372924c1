-- lib/versions.lua: reads roles and their versions from `input.runtime`.
--
-- Expected runtime shape (built by verwalter from runtime/<role>/<version>.*):
--   runtime[role][version] = {image, instances, memory_mb, cpu, ports,
--                             max_per_node, env}
-- or, for a version described by a folder `<version>.d/`:
--   runtime[role][version] = {spec = {...the same fields...},
--                             changelog = "<text>"}
-- Keys that do not parse as versions (see lib/semver) are ignored.
local here = (...):match("(.-)[^/]+$")
local semver = require(here .. "semver")
local util = require(here .. "util")

local versions = {}

local function copy_ports(ports)
  if ports == nil then return {} end
  if type(ports) ~= "table" then return nil end
  local out = {}
  for name, port in pairs(ports) do
    local p = util.int(port)
    if type(name) ~= "string" or not p or p < 1 or p > 65535 then
      return nil
    end
    out[name] = p
  end
  return out
end

local function copy_env(env)
  if env == nil then return {} end
  if type(env) ~= "table" then return nil end
  local out = {}
  for name, value in pairs(env) do
    if type(name) ~= "string" or type(value) ~= "string" then return nil end
    out[name] = value
  end
  return out
end

-- Checks one version's description. Returns the spec table or nil, reason.
function versions.read_spec(value)
  if type(value) ~= "table" then return nil, "not a map" end
  local spec = value
  local changelog
  if type(value.spec) == "table" then
    spec = value.spec
    if type(value.changelog) == "string" then changelog = value.changelog end
  end
  if type(spec.image) ~= "string" or spec.image == "" then
    return nil, "missing image"
  end
  local instances = 1
  if spec.instances ~= nil then
    instances = util.count(spec.instances)
    if not instances then return nil, "bad instances" end
  end
  local memory_mb
  if spec.memory_mb ~= nil then
    memory_mb = util.count(spec.memory_mb)
    if not memory_mb then return nil, "bad memory_mb" end
  end
  local cpu = spec.cpu
  if cpu ~= nil and (type(cpu) ~= "number" or not (cpu > 0)) then
    return nil, "bad cpu"
  end
  local max_per_node
  if spec.max_per_node ~= nil then
    max_per_node = util.int(spec.max_per_node)
    if not max_per_node or max_per_node < 1 then
      return nil, "bad max_per_node"
    end
  end
  local ports = copy_ports(spec.ports)
  if not ports then return nil, "bad ports" end
  local env = copy_env(spec.env)
  if not env then return nil, "bad env" end
  return {
    image = spec.image,
    instances = instances,
    memory_mb = memory_mb,
    cpu = cpu,
    max_per_node = max_per_node,
    ports = ports,
    env = env,
    changelog = changelog,
  }
end

-- Returns roles (name -> {name, list, by_key}) and the sorted role names.
-- `list` holds parsed versions in ascending order, each with a `.spec`.
function versions.read_roles(runtime, log)
  local roles, names = {}, {}
  if type(runtime) ~= "table" then
    log:warn("runtime is missing or not a map")
    return roles, names
  end
  for _, name in ipairs(util.sorted_keys(runtime)) do
    local entry = runtime[name]
    if type(entry) ~= "table" then
      log:info("runtime.%s is not a map, not a role", name)
    else
      local list, by_key = {}, {}
      for _, key in ipairs(util.sorted_keys(entry)) do
        local v = semver.parse(key)
        if not v then
          log:info("%s: ignoring runtime key %q (not a version)", name, key)
        else
          local spec, err = versions.read_spec(entry[key])
          if spec then
            v.spec = spec
            list[#list + 1] = v
            by_key[key] = v
          else
            log:warn("%s: skipping version %s: %s", name, key, err)
          end
        end
      end
      table.sort(list, semver.less)
      if #list == 0 then
        log:warn("%s: no usable versions, role skipped", name)
      else
        local keys = {}
        for i, v in ipairs(list) do keys[i] = v.text end
        log:info("%s: versions %s", name, table.concat(keys, ", "))
        roles[name] = { name = name, list = list, by_key = by_key }
        names[#names + 1] = name
      end
    end
  end
  return roles, names
end

-- The newest release (pre-releases only when there is nothing else).
function versions.latest(role)
  for i = #role.list, 1, -1 do
    if not semver.is_prerelease(role.list[i]) then return role.list[i] end
  end
  return role.list[#role.list]
end

return versions
