-- run-reference.lua: runs a verwalter Lua scheduler with the reference
-- interpreter (lua5.4), the way verwalter's host does, to produce golden
-- outputs independently of the .NET engine.
--
-- Usage:
--   lua5.4 run-reference.lua CONFIG_DIR INPUT_JSON [options]
-- Options:
--   --runtime FILE   runtime tree (JSON) used when the input has no "runtime"
--   --out FILE       write the schedule data, pretty-printed canonical JSON
--   --compact FILE   write the schedule data, compact canonical JSON
--                    (sorted keys, no whitespace, no trailing newline)
--   --log FILE       write the scheduler's log text
-- Without --out the pretty schedule goes to stdout.
--
-- What it mimics (verwalter spec 2.2, 2.3; engines study 1, 2.4):
--   * the input JSON is decoded with nulls dropped (absent keys) and arrays
--     as plain sequence tables; keys of `actions` become Lua integers;
--   * the scheduler runs in its own environment without io, os,
--     coroutine, dofile, loadfile; `load` is text-only; debug has only
--     traceback and getinfo; math.randomseed(0);
--   * require(name) loads CONFIG_DIR/scheduler/v1/<name> with its extension
--     set to ".lua" (slashes are folders, dots are NOT), runs the chunk as
--     chunk(name) and caches the result;
--   * main.lua is run once and must return a table with a `scheduler`
--     function; scheduler(input) must return a JSON string and a log string;
--   * the returned JSON must be an object; it is decoded and written again
--     in canonical form (so expected files do not depend on the scheduler's
--     own formatting).

local function script_dir()
  local src = debug.getinfo(1, "S").source
  local dir = src:sub(1, 1) == "@" and src:sub(2):match("^(.*)/[^/]*$")
  return dir or "."
end

-- The JSON codec of the example tree (pure Lua, no dependencies).
local json = dofile(script_dir() .. "/../realistic/scheduler/v1/lib/json.lua")

local function die(fmt, ...)
  io.stderr:write("run-reference: ", string.format(fmt, ...), "\n")
  os.exit(2)
end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then die("%s", err) end
  local text = f:read("a")
  f:close()
  return text
end

local function write_file(path, text)
  local f, err = io.open(path, "wb")
  if not f then die("%s", err) end
  f:write(text)
  f:close()
end

---------------------------------------------------------------------------
-- Arguments
---------------------------------------------------------------------------

local config_dir, input_path
local opts = {}
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--runtime" or a == "--out" or a == "--compact" or a == "--log" then
      opts[a:sub(3)] = arg[i + 1] or die("%s needs a value", a)
      i = i + 2
    elseif not config_dir then
      config_dir, i = a, i + 1
    elseif not input_path then
      input_path, i = a, i + 1
    else
      die("unexpected argument %s", a)
    end
  end
  if not input_path then
    die("usage: lua5.4 run-reference.lua CONFIG_DIR INPUT_JSON "
      .. "[--runtime FILE] [--out FILE] [--compact FILE] [--log FILE]")
  end
end

---------------------------------------------------------------------------
-- Input, converted as verwalter's host does
---------------------------------------------------------------------------

local input = json.decode(read_file(input_path))
if type(input) ~= "table" then die("input is not an object") end

if input.runtime == nil then
  if opts.runtime then
    input.runtime = json.decode(read_file(opts.runtime))
  else
    input.runtime = {}
  end
end

if input.actions ~= nil then
  local converted = {}
  for key, value in pairs(input.actions) do
    local id = math.tointeger(tonumber(key))
    if not id or id < 0 or tostring(id) ~= key then
      die("action id %s is not an unsigned integer", tostring(key))
    end
    converted[id] = value
  end
  input.actions = converted
end

---------------------------------------------------------------------------
-- Sandbox environment and verwalter-style require
---------------------------------------------------------------------------

local scheduler_dir = config_dir .. "/scheduler/v1"

local function copy(t)
  local out = {}
  for k, v in pairs(t) do out[k] = v end
  return out
end

local printed = {}
local env = {
  assert = assert, error = error, getmetatable = getmetatable,
  ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset,
  select = select, setmetatable = setmetatable, tonumber = tonumber,
  tostring = tostring, type = type, xpcall = xpcall, _VERSION = _VERSION,
  string = copy(string), table = copy(table), math = copy(math),
  utf8 = copy(utf8),
  debug = { traceback = debug.traceback, getinfo = debug.getinfo },
}
env._G = env
env.string.dump = nil
env.print = function(...)
  local parts = table.pack(...)
  for i = 1, parts.n do parts[i] = tostring(parts[i]) end
  printed[#printed + 1] = table.concat(parts, "\t", 1, parts.n)
end
env.load = function(chunk, name, _, e)
  return load(chunk, name, "t", e == nil and env or e)
end
env.math.randomseed(0)

local loaded = {}
env.package = { loaded = loaded }

-- Path::set_extension("lua") on the last component of `name`.
local function module_path(name)
  if name:sub(1, 1) == "/" or name:find("\\", 1, true) or name:find("\0", 1, true) then
    return nil, "absolute or odd module name"
  end
  for part in name:gmatch("[^/]+") do
    if part == ".." then return nil, "'..' in module name" end
  end
  local dir, file = name:match("^(.-)([^/]*)$")
  if file == "" then return nil, "empty module name" end
  local stem = file:match("^(.+)%.[^.]*$") or file -- a leading dot is no extension
  return dir .. stem .. ".lua"
end

local function load_chunk(relative)
  local path = scheduler_dir .. "/" .. relative
  local f = io.open(path, "rb")
  if not f then return nil, "no file " .. path end
  local src = f:read("a")
  f:close()
  return load(src, "@" .. relative, "t", env)
end

env.require = function(name)
  if type(name) ~= "string" then error("module name must be a string", 2) end
  if loaded[name] ~= nil then return loaded[name] end
  local relative, err = module_path(name)
  if not relative then error("module '" .. name .. "': " .. err, 2) end
  local chunk, load_err = load_chunk(relative)
  if not chunk then error("module '" .. name .. "' not found: " .. load_err, 2) end
  local result = chunk(name, nil)
  if result == nil then result = true end
  if loaded[name] == nil then loaded[name] = result end
  return loaded[name]
end

---------------------------------------------------------------------------
-- Load main.lua and run the scheduler
---------------------------------------------------------------------------

local main_chunk, err = load_chunk("main.lua")
if not main_chunk then die("cannot load main.lua: %s", err) end
local ok, main = xpcall(main_chunk, debug.traceback)
if not ok then die("main.lua failed: %s", main) end
if type(main) ~= "table" or type(main.scheduler) ~= "function" then
  die("main.lua must return a table with a `scheduler` function")
end
env._VERWALTER_MAIN = main

local ok2, schedule, log = xpcall(main.scheduler, debug.traceback, input)
if not ok2 then die("scheduler raised an error: %s", schedule) end
if type(log) ~= "string" then die("log (second value) is not a string") end
if opts.log then write_file(opts.log, log) end
if schedule == nil then die("scheduler returned nil; log:\n%s", log) end
if type(schedule) ~= "string" then die("schedule (first value) is not a string") end

local NULL = setmetatable({}, { __name = "json.null" })
local okd, data = pcall(json.decode, schedule, { null = NULL, mark_arrays = true })
if not okd then die("schedule is not valid JSON: %s", data) end
if type(data) ~= "table" or json.is_marked_array(data) then
  die("schedule is not a JSON object")
end

local compact = json.encode(data, { null = NULL })
if compact ~= schedule then
  io.stderr:write("run-reference: note: scheduler output was not in canonical form\n")
end
if opts.compact then write_file(opts.compact, compact) end
local pretty = json.encode(data, { null = NULL, indent = "  " }) .. "\n"
if opts.out then write_file(opts.out, pretty) else io.write(pretty) end
if #printed > 0 then
  io.stderr:write("run-reference: scheduler printed:\n", table.concat(printed, "\n"), "\n")
end
