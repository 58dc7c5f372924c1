-- lib/util.lua: small table helpers shared by the scheduler modules.
local here = (...):match("(.-)[^/]+$")
local json = require(here .. "json")

local util = {}

util.byte_less = json.byte_less

-- String keys of `t`, sorted by byte order. Non-string keys are skipped.
function util.sorted_keys(t)
  local keys = {}
  if type(t) ~= "table" then return keys end
  for k in pairs(t) do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  table.sort(keys, util.byte_less)
  return keys
end

-- An integer value (floats with an integral value are accepted), or nil.
function util.int(v)
  if type(v) ~= "number" then return nil end
  return math.tointeger(v)
end

-- A non-negative integer, or nil.
function util.count(v)
  local i = util.int(v)
  if i and i >= 0 then return i end
  return nil
end

-- Shallow copy of a map with string keys and integer values > 0.
function util.copy_counts(t)
  local out = {}
  if type(t) ~= "table" then return out end
  for k, v in pairs(t) do
    local n = util.count(v)
    if type(k) == "string" and n and n > 0 then out[k] = n end
  end
  return out
end

-- "alpha=1 beta=2", or "(none)" for an empty map.
function util.counts_text(t)
  local parts = {}
  for _, k in ipairs(util.sorted_keys(t)) do
    parts[#parts + 1] = k .. "=" .. tostring(t[k])
  end
  if #parts == 0 then return "(none)" end
  return table.concat(parts, " ")
end

function util.same_counts(a, b)
  for k, v in pairs(a) do
    if b[k] ~= v then return false end
  end
  for k, v in pairs(b) do
    if a[k] ~= v then return false end
  end
  return true
end

function util.sum(t)
  local total = 0
  for _, v in pairs(t) do total = total + v end
  return total
end

return util
