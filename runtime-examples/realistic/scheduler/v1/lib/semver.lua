-- lib/semver.lua: version keys such as "v1.10.0" or "v4.0.0-rc1".
--
-- Accepted form: optional "v", one or more dot-separated numbers, an
-- optional "-prerelease" (dot-separated identifiers) and an optional
-- "+build" suffix (ignored when comparing). Ordering follows semantic
-- versioning: numbers compare numerically (missing parts count as 0),
-- a pre-release sorts before the release, numeric identifiers sort before
-- alphanumeric ones.
local semver = {}

-- Byte-order comparison (Lua's `<` on strings follows the C locale).
local function cmp_bytes(a, b)
  if a == b then return 0 end
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y and -1 or 1 end
  end
  return #a < #b and -1 or 1
end

-- Compares two strings of decimal digits numerically, without overflow.
local function cmp_digits(a, b)
  a = a:gsub("^0+", "")
  b = b:gsub("^0+", "")
  if #a ~= #b then return #a < #b and -1 or 1 end
  return cmp_bytes(a, b) -- same length, digits only
end

-- Returns {text, numbers = {"1","10","0"}, pre = {"rc1"} or nil} or nil.
function semver.parse(text)
  if type(text) ~= "string" then return nil end
  local body = text:match("^v?(.*)$")
  body = body:gsub("%+[%w%.%-]*$", "")
  local core, pre = body:match("^([%d%.]+)%-([%w%.%-]+)$")
  if not core then core = body end
  if not core:match("^%d+$") and not core:match("^%d+[%d%.]*%d$") then
    return nil
  end
  local numbers = {}
  for part in (core .. "."):gmatch("([^.]*)%.") do
    if part == "" then return nil end
    numbers[#numbers + 1] = part
  end
  local pre_ids
  if pre then
    pre_ids = {}
    for id in (pre .. "."):gmatch("([^.]*)%.") do
      if id == "" then return nil end
      pre_ids[#pre_ids + 1] = id
    end
  end
  return { text = text, numbers = numbers, pre = pre_ids }
end

-- -1, 0 or 1.
function semver.compare(a, b)
  local n = math.max(#a.numbers, #b.numbers)
  for i = 1, n do
    local c = cmp_digits(a.numbers[i] or "0", b.numbers[i] or "0")
    if c ~= 0 then return c end
  end
  if a.pre and not b.pre then return -1 end
  if b.pre and not a.pre then return 1 end
  if a.pre then
    local m = math.max(#a.pre, #b.pre)
    for i = 1, m do
      local x, y = a.pre[i], b.pre[i]
      if x == nil then return -1 end
      if y == nil then return 1 end
      local xn, yn = x:match("^%d+$"), y:match("^%d+$")
      local c
      if xn and yn then
        c = cmp_digits(x, y)
      elseif xn then
        c = -1
      elseif yn then
        c = 1
      else
        c = cmp_bytes(x, y)
      end
      if c ~= 0 then return c end
    end
  end
  -- equal by precedence: fall back to the text so sorting is total
  return cmp_bytes(a.text, b.text)
end

function semver.less(a, b)
  return semver.compare(a, b) < 0
end

function semver.is_prerelease(v)
  return v.pre ~= nil
end

return semver
