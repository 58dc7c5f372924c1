-- lib/state.lua: the scheduler's memory, carried from run to run.
--
-- Each published schedule keeps `state[role]`:
--   {version, version_timestamp, instances, instances_timestamp,
--    placement = {hostname = count}, placement_timestamp}
-- The next run gets it back through input.parents. Usually there is one
-- parent; right after a leader change (or a healed split brain) there can
-- be several, or none. They are merged per field: the value with the
-- newest timestamp wins, ties go to the earlier parent in the list.
local here = (...):match("(.-)[^/]+$")
local util = require(here .. "util")

local state = {}

local function newer(ts, current_ts)
  return current_ts == nil or ts > current_ts
end

local readers = {
  version = function(v)
    if type(v) == "string" and v ~= "" then return v end
  end,
  instances = util.count,
  placement = function(v)
    if type(v) == "table" then return util.copy_counts(v) end
  end,
}
local fields = { "version", "instances", "placement" }

-- Returns role -> merged state (fields may be nil).
function state.merge(parents, log)
  local merged = {}
  if type(parents) ~= "table" then return merged end
  local count = #parents
  if count == 0 then
    log:info("no parent schedules: starting from scratch")
  elseif count > 1 then
    log:info("%d parent schedules: merging their state per field", count)
  end
  for index = 1, count do
    local parent = parents[index]
    local roles = type(parent) == "table" and parent.state
    if type(roles) ~= "table" then
      log:warn("parent %d has no state", index)
      roles = {}
    end
    for _, role in ipairs(util.sorted_keys(roles)) do
      local s = roles[role]
      if type(s) == "table" then
        local m = merged[role]
        if not m then
          m = {}
          merged[role] = m
        end
        for _, field in ipairs(fields) do
          local value = readers[field](s[field])
          local ts = util.int(s[field .. "_timestamp"]) or 0
          if value ~= nil and newer(ts, m[field .. "_timestamp"]) then
            m[field] = value
            m[field .. "_timestamp"] = ts
            if count > 1 then
              log:info("%s: %s from parent %d (timestamp %d)",
                role, field, index, ts)
            end
          end
        end
      end
    end
  end
  return merged
end

return state
