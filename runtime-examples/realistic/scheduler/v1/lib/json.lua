-- lib/json.lua: a small JSON encoder/decoder for verwalter schedulers.
--
-- Written for this example tree; Lua 5.3 and 5.4 compatible, no io/os.
--
-- encode(value [, opts]) -> string
--   * object keys are sorted by byte order (like serde_json's canonical
--     form), independent of the C locale that Lua's `<` uses;
--   * a table whose keys are exactly 1..n (n >= 1) is an array, as is any
--     table marked with json.array(); every other table is an object, so
--     an EMPTY table is written as `{}` unless it is marked as an array;
--   * integers are written as integers, floats in shortest round-trip form
--     with a ".0" added when needed (2.0 -> "2.0", 0.5 -> "0.5");
--     NaN and infinities become null;
--   * strings escape only `"`, `\` and control characters below 0x20;
--     other bytes (UTF-8 included) are written unchanged;
--   * opts.indent (a string such as "  ") gives multi-line output.
--
-- decode(text [, opts]) -> value
--   * integers without fraction/exponent that fit in 64 bits become Lua
--     integers, every other number becomes a float;
--   * null becomes nil (the key is absent / the array slot is empty), as
--     verwalter's host does, unless opts.null is given: then that value is
--     used for null;
--   * arrays are plain sequence tables unless opts.mark_arrays is true,
--     in which case they carry the json.array() marker.

local json = {}

local array_mt = { __name = "json.array" }

-- Marks (and returns) a table as a JSON array, so `{}` encodes as `[]`.
function json.array(t)
  return setmetatable(t or {}, array_mt)
end

function json.is_marked_array(t)
  return getmetatable(t) == array_mt
end

-- Byte-wise "less than" for strings (locale independent).
local function byte_less(a, b)
  if a == b then return false end
  local n = #a
  if #b < n then n = #b end
  for i = 1, n do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
json.byte_less = byte_less

---------------------------------------------------------------------------
-- Encoding
---------------------------------------------------------------------------

local named_escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}

local function escape_byte(c)
  return named_escapes[c] or string.format("\\u%04x", c:byte())
end

local function encode_string(s)
  return '"' .. s:gsub('[%z\1-\31"\\]', escape_byte) .. '"'
end

-- Shortest decimal digits that read back as exactly `x` (x > 0, finite).
-- Returns the digit string (no leading/trailing zeros) and the decimal
-- exponent e such that x = 0.DIGITS * 10^e.
local function shortest_digits(x)
  for prec = 0, 16 do
    local s = string.format("%." .. prec .. "e", x)
    if tonumber(s) == x then
      local mant, exp = s:match("^([%d%.]+)e([-+]%d+)$")
      local digits = mant:gsub("%.", ""):gsub("0+$", "")
      return digits, tonumber(exp) + 1
    end
  end
  error("cannot format number " .. tostring(x))
end

local function encode_float(x)
  if x ~= x or x == math.huge or x == -math.huge then
    return "null"
  end
  if x == 0 then
    return (1 / x < 0) and "-0.0" or "0.0"
  end
  local sign = ""
  if x < 0 then sign, x = "-", -x end
  local digits, e = shortest_digits(x)
  local n = #digits
  local out
  if n <= e and e <= 16 then
    -- 1234e3 -> "1234000.0"
    out = digits .. string.rep("0", e - n) .. ".0"
  elseif 0 < e and e <= 16 then
    -- 1234e-2 -> "12.34"
    out = digits:sub(1, e) .. "." .. digits:sub(e + 1)
  elseif -5 < e and e <= 0 then
    -- 1234e-6 -> "0.001234"
    out = "0." .. string.rep("0", -e) .. digits
  elseif n == 1 then
    out = digits .. "e" .. (e - 1)
  else
    out = digits:sub(1, 1) .. "." .. digits:sub(2) .. "e" .. (e - 1)
  end
  return sign .. out
end

local function encode_number(x)
  if math.type(x) == "integer" then
    return string.format("%d", x)
  end
  return encode_float(x)
end

-- Returns n when the keys of t are exactly 1..n (n >= 1), else nil.
local function sequence_length(t)
  local count = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return nil end
    count = count + 1
  end
  for i = 1, count do
    if t[i] == nil then return nil end
  end
  if count == 0 then return nil end
  return count
end

local encode_value

local function encode_table(t, opts, depth, seen)
  if seen[t] then error("json.encode: cycle in table") end
  seen[t] = true
  local nl, pad, pad_in, colon = "", "", "", ":"
  if opts.indent then
    nl = "\n"
    pad = string.rep(opts.indent, depth)
    pad_in = pad .. opts.indent
    colon = ": "
  end
  local parts = {}
  local out
  local n = sequence_length(t)
  if n or json.is_marked_array(t) then
    n = n or #t
    for i = 1, n do
      parts[i] = pad_in .. encode_value(t[i], opts, depth + 1, seen)
    end
    if #parts == 0 then
      out = "[]"
    else
      out = "[" .. nl .. table.concat(parts, "," .. nl) .. nl .. pad .. "]"
    end
  else
    local keys, by_name = {}, {}
    for k in pairs(t) do
      local name
      if type(k) == "string" then
        name = k
      elseif math.type(k) == "integer" then
        name = string.format("%d", k)
      else
        error("json.encode: unsupported key type " .. type(k))
      end
      if by_name[name] ~= nil then
        error("json.encode: duplicate key " .. name)
      end
      by_name[name] = k
      keys[#keys + 1] = name
    end
    table.sort(keys, byte_less)
    for i, name in ipairs(keys) do
      parts[i] = pad_in .. encode_string(name) .. colon
        .. encode_value(t[by_name[name]], opts, depth + 1, seen)
    end
    if #parts == 0 then
      out = "{}"
    else
      out = "{" .. nl .. table.concat(parts, "," .. nl) .. nl .. pad .. "}"
    end
  end
  seen[t] = nil
  return out
end

encode_value = function(v, opts, depth, seen)
  local tv = type(v)
  if v == nil or (opts.null ~= nil and rawequal(v, opts.null)) then
    return "null"
  elseif tv == "boolean" then
    return v and "true" or "false"
  elseif tv == "number" then
    return encode_number(v)
  elseif tv == "string" then
    return encode_string(v)
  elseif tv == "table" then
    return encode_table(v, opts, depth, seen)
  end
  error("json.encode: cannot encode a " .. tv)
end

function json.encode(value, opts)
  return encode_value(value, opts or {}, 0, {})
end

---------------------------------------------------------------------------
-- Decoding
---------------------------------------------------------------------------

local Decoder = {}
Decoder.__index = Decoder

function Decoder:fail(what)
  error(string.format("json.decode: %s at byte %d", what, self.pos), 0)
end

function Decoder:skip_ws()
  self.pos = self.text:find("[^ \t\r\n]", self.pos) or (#self.text + 1)
end

function Decoder:peek()
  return self.text:sub(self.pos, self.pos)
end

function Decoder:expect_word(word, value)
  if self.text:sub(self.pos, self.pos + #word - 1) ~= word then
    self:fail("unexpected token")
  end
  self.pos = self.pos + #word
  return value
end

local simple_unescapes = {
  ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f',
  n = '\n', r = '\r', t = '\t',
}

function Decoder:read_hex4()
  local hex = self.text:sub(self.pos, self.pos + 3)
  if not hex:match("^%x%x%x%x$") then self:fail("bad \\u escape") end
  self.pos = self.pos + 4
  return tonumber(hex, 16)
end

function Decoder:string()
  local text = self.text
  local buf = {}
  self.pos = self.pos + 1 -- opening quote
  while true do
    local stop = text:find('["\\%z\1-\31]', self.pos)
    if not stop then self:fail("unterminated string") end
    buf[#buf + 1] = text:sub(self.pos, stop - 1)
    local c = text:sub(stop, stop)
    self.pos = stop + 1
    if c == '"' then
      break
    elseif c == "\\" then
      local e = text:sub(self.pos, self.pos)
      self.pos = self.pos + 1
      if simple_unescapes[e] then
        buf[#buf + 1] = simple_unescapes[e]
      elseif e == "u" then
        local cp = self:read_hex4()
        if cp >= 0xD800 and cp <= 0xDBFF
            and text:sub(self.pos, self.pos + 1) == "\\u" then
          self.pos = self.pos + 2
          local low = self:read_hex4()
          if low >= 0xDC00 and low <= 0xDFFF then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (low - 0xDC00)
          else
            self:fail("bad surrogate pair")
          end
        end
        buf[#buf + 1] = utf8.char(cp)
      else
        self:fail("bad escape")
      end
    else
      self:fail("control character in string")
    end
  end
  return table.concat(buf)
end

function Decoder:number()
  local text = self.text
  local s, e = text:find("^-?%d+", self.pos)
  if not s then self:fail("bad number") end
  local int_part = text:sub(s, e)
  if int_part:match("^-?0%d") then self:fail("leading zero in number") end
  local is_float = false
  local fs, fe = text:find("^%.%d+", e + 1)
  if fs then e, is_float = fe, true end
  local xs, xe = text:find("^[eE][-+]?%d+", e + 1)
  if xs then e, is_float = xe, true end
  local literal = text:sub(s, e)
  self.pos = e + 1
  if not is_float then
    local i = math.tointeger(tonumber(literal))
    -- tonumber gives a float when the literal overflows 64 bits
    if i and string.format("%d", i) == literal then return i end
    if literal == "-0" then return -0.0 end -- serde_json reads -0 as -0.0
  end
  return tonumber(literal) + 0.0
end

function Decoder:value()
  self:skip_ws()
  local c = self:peek()
  if c == "{" then
    return self:object()
  elseif c == "[" then
    return self:array()
  elseif c == '"' then
    return self:string()
  elseif c == "-" or c:match("%d") then
    return self:number()
  elseif c == "t" then
    return self:expect_word("true", true)
  elseif c == "f" then
    return self:expect_word("false", false)
  elseif c == "n" then
    return self:expect_word("null", self.null)
  elseif c == "" then
    self:fail("unexpected end of input")
  end
  self:fail("unexpected character '" .. c .. "'")
end

function Decoder:object()
  local result = {}
  self.pos = self.pos + 1
  self:skip_ws()
  if self:peek() == "}" then
    self.pos = self.pos + 1
    return result
  end
  while true do
    self:skip_ws()
    if self:peek() ~= '"' then self:fail("expected object key") end
    local key = self:string()
    self:skip_ws()
    if self:peek() ~= ":" then self:fail("expected ':'") end
    self.pos = self.pos + 1
    result[key] = self:value()
    self:skip_ws()
    local c = self:peek()
    self.pos = self.pos + 1
    if c == "}" then return result end
    if c ~= "," then self:fail("expected ',' or '}'") end
  end
end

function Decoder:array()
  local result = {}
  if self.mark_arrays then json.array(result) end
  local n = 0
  self.pos = self.pos + 1
  self:skip_ws()
  if self:peek() == "]" then
    self.pos = self.pos + 1
    return result
  end
  while true do
    n = n + 1
    result[n] = self:value()
    self:skip_ws()
    local c = self:peek()
    self.pos = self.pos + 1
    if c == "]" then return result end
    if c ~= "," then self:fail("expected ',' or ']'") end
  end
end

function json.decode(text, opts)
  opts = opts or {}
  local d = setmetatable({
    text = text, pos = 1, null = opts.null, mark_arrays = opts.mark_arrays,
  }, Decoder)
  local value = d:value()
  d:skip_ws()
  if d.pos <= #text then d:fail("trailing characters") end
  return value
end

return json
