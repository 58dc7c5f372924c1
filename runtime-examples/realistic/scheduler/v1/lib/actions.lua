-- lib/actions.lua: operator actions (buttons) posted to /v1/action.
--
-- input.actions maps action id -> posted JSON. verwalter gives the ids as
-- Lua integers (they are JSON strings only on the wire). Understood bodies:
--   {"button": {"action": "set_version", "role": R, "version": V}}
--   {"button": {"action": "scale", "role": R, "instances": N}}
-- Actions are applied in id order, so the last one wins. Anything else is
-- logged and ignored (verwalter drops every action once a schedule that
-- saw it is published, whether the scheduler used it or not).
local here = (...):match("(.-)[^/]+$")
local util = require(here .. "util")

local actions = {}

actions.MAX_INSTANCES = 100

-- Returns a list of {id = integer, body = table} in ascending id order.
function actions.sorted(list, log)
  local out = {}
  if type(list) ~= "table" then return out end
  for key, body in pairs(list) do
    local id = util.int(key) or math.tointeger(tonumber(key))
    if id then
      out[#out + 1] = { id = id, body = body }
    else
      log:warn("action with a non-numeric id %s ignored", tostring(key))
    end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end

-- Applies actions to `desired` (role -> {version, instances, ...}).
function actions.apply(list, roles, desired, now, log)
  for _, a in ipairs(list) do
    local button = type(a.body) == "table" and a.body.button
    local kind = type(button) == "table" and button.action
    local role_name = type(button) == "table" and button.role
    local role = type(role_name) == "string" and roles[role_name]
    local d = role and desired[role_name]
    if type(kind) ~= "string" then
      log:warn("action %d: not a button, ignored", a.id)
    elseif kind ~= "set_version" and kind ~= "scale" then
      log:warn("action %d: unknown action %q, ignored", a.id, kind)
    elseif not d then
      log:warn("action %d: %s for unknown role %s, ignored",
        a.id, kind, tostring(role_name))
    elseif kind == "set_version" then
      local version = button.version
      if type(version) ~= "string" or not role.by_key[version] then
        log:warn("action %d: %s has no version %s, ignored",
          a.id, role_name, tostring(version))
      else
        log:info("action %d: %s set_version %s (was %s)",
          a.id, role_name, version, d.version)
        d.version = version
        d.version_timestamp = now
        d.version_action = a.id
      end
    else -- scale
      local n = util.count(button.instances)
      if not n or n > actions.MAX_INSTANCES then
        local shown = button.instances
        if type(shown) == "string" then
          shown = string.format("%q", shown)
        else
          shown = tostring(shown)
        end
        log:warn("action %d: %s scale to %s is not a count 0..%d, ignored",
          a.id, role_name, shown, actions.MAX_INSTANCES)
      else
        log:info("action %d: %s scale to %d (was %d)",
          a.id, role_name, n, d.instances)
        d.instances = n
        d.instances_timestamp = now
        d.instances_action = a.id
      end
    end
  end
end

return actions
