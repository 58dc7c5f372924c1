namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Trusted Lua run once per state before any scheduler code. It receives the native searcher and
/// json halves, trims the libraries into a sandbox, adds the Lua 5.3 compatibility shims, and
/// returns the host's entry points (message handler, log drain, main loader, run, error loader).
/// </summary>
internal static class LuaPrelude
{
    public const string ChunkName = "=verwalter-prelude";

    public static ReadOnlySpan<byte> Code => """
        local searcher, json_encode, json_decode, aborted = ...
        local error, type, select, tostring, pcall, raw_xpcall = error, type, select, tostring, pcall, xpcall
        local rawget, getmetatable = rawget, getmetatable
        local raw_load, raw_setmetatable, raw_collectgarbage = load, setmetatable, collectgarbage
        local traceback, getinfo = debug.traceback, debug.getinfo
        local tconcat, sfind, sgsub, sformat = table.concat, string.find, string.gsub, string.format
        local mexp, mlog, mfloor, mabs, huge = math.exp, math.log, math.floor, math.abs, math.huge

        -- no file access, no bytecode
        dofile, loadfile, string.dump = nil, nil, nil
        load = function(chunk, chunkname, mode, ...)
          if select("#", ...) > 0 then return raw_load(chunk, chunkname, "t", (...)) end
          return raw_load(chunk, chunkname, "t")
        end

        -- finalizers run with hooks off, so they could never be interrupted
        setmetatable = function(t, mt)
          if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
            error("setmetatable: __gc metamethods are not allowed in the scheduler sandbox", 2)
          end
          return raw_setmetatable(t, mt)
        end

        -- A run stopped by the count hook raises with hooks disabled while message handlers
        -- run, so a script's handler must not run then (it could loop forever).
        xpcall = function(f, msgh, ...)
          if type(msgh) ~= "function" then error("bad argument #2 to 'xpcall' (function expected)", 2) end
          return raw_xpcall(f, function(m)
            if aborted() then return m end
            return msgh(m)
          end, ...)
        end

        local gc_allowed = { collect = true, count = true, step = true, isrunning = true }
        collectgarbage = function(opt, ...)
          if opt == nil then opt = "collect" end
          if not gc_allowed[opt] then
            error("collectgarbage: option '" .. tostring(opt) .. "' is not allowed in the scheduler sandbox", 2)
          end
          return raw_collectgarbage(opt, ...)
        end

        debug = { traceback = traceback, getinfo = getinfo }
        package.loaded.debug = debug
        package.loadlib, package.searchpath = nil, nil
        package.path, package.cpath = "", ""
        package.searchers = { searcher }
        math.randomseed(0)

        -- print goes to the run's log, drained by the host after each run
        local lines, count = {}, 0
        print = function(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          count = count + 1
          lines[count] = tconcat(parts, "\t")
        end
        local function drain()
          if count == 0 then return "" end
          local text = tconcat(lines, "\n", 1, count) .. "\n"
          lines, count = {}, 0
          return text
        end

        -- Lua 5.3 compatibility: "%0s" was accepted (JSON.lua's encode_pretty builds it)
        string.format = function(fmt, ...)
          if type(fmt) == "string" and sfind(fmt, "%%[-#+ ]*0%d*s") then
            fmt = sgsub(fmt, "(%%[-#+ ]*)0+(%d*s)", "%1%2")
          end
          return sformat(fmt, ...)
        end
        -- Lua 5.3 compatibility: LUA_COMPAT_MATHLIB functions
        math.pow = function(x, y) return x ^ y end
        math.ldexp = function(m, e) return m * 2.0 ^ e end
        math.log10 = function(x) return mlog(x, 10) end
        math.cosh = function(x) return (mexp(x) + mexp(-x)) / 2 end
        math.sinh = function(x) return (mexp(x) - mexp(-x)) / 2 end
        math.tanh = function(x)
          if x > 20 then return 1.0 elseif x < -20 then return -1.0 end
          local e = mexp(2 * x)
          return (e - 1) / (e + 1)
        end
        math.frexp = function(x)
          if x == 0 or x ~= x or x == huge or x == -huge then return x, 0 end
          local e = mfloor(mlog(mabs(x), 2)) + 1
          local m = x / 2.0 ^ e
          if mabs(m) >= 1 then m, e = m / 2, e + 1 elseif mabs(m) < 0.5 then m, e = m * 2, e - 1 end
          return m, e
        end

        json = {
          encode = function(value)
            local ok, result = json_encode(value)
            if not ok then error(result, 2) end
            return result
          end,
          decode = function(text)
            local ok, result = json_decode(text)
            if not ok then error(result, 2) end
            return result
          end,
        }

        local function handler(msg)
          if type(msg) ~= "string" and not aborted() then
            local mt = getmetatable(msg)
            if type(mt) == "table" and rawget(mt, "__tostring") ~= nil then
              local ok, text = pcall(tostring, msg)
              if ok then msg = text end
            end
          end
          if type(msg) ~= "string" then msg = "(error object is a " .. type(msg) .. " value)" end
          return traceback(msg, 2)
        end

        local main
        local function load_main(chunk)
          local m = chunk()
          if type(m) ~= "table" then
            error("main.lua must return a table with a 'scheduler' function, got " .. type(m), 0)
          end
          if type(m.scheduler) ~= "function" then
            error("main.lua must return a table with a 'scheduler' function, got scheduler = " .. type(m.scheduler), 0)
          end
          _VERWALTER_MAIN = m
          main = m
        end

        local function run(input)
          local scheduler = main.scheduler
          if type(scheduler) ~= "function" then error("_VERWALTER_MAIN.scheduler is not a function", 0) end
          return scheduler(input)
        end

        local function load_error(name, msg)
          error("error loading module '" .. tostring(name) .. "':\n\t" .. tostring(msg), 0)
        end

        return handler, drain, load_main, run, load_error
        """u8;
}
