-- lib/log.lua: the scheduler's own log buffer (no print, no io).
--
-- Every line goes to the debug log that verwalter shows at
-- /v1/scheduler_debug_info. Lines added with :change() are also collected
-- for the schedule's `changes` list (written to the changes log when the
-- schedule is new).
local Log = {}
Log.__index = Log

function Log.new()
  return setmetatable({ lines = {}, changes = {} }, Log)
end

local function format(fmt, ...)
  if select("#", ...) == 0 then return fmt end
  return string.format(fmt, ...)
end

function Log:add(level, fmt, ...)
  self.lines[#self.lines + 1] = level .. ": " .. format(fmt, ...)
end

function Log:info(fmt, ...) self:add("INFO", fmt, ...) end
function Log:warn(fmt, ...) self:add("WARN", fmt, ...) end

function Log:change(fmt, ...)
  local text = format(fmt, ...)
  self.changes[#self.changes + 1] = text
  self:add("CHANGE", "%s", text)
end

function Log:text()
  return table.concat(self.lines, "\n") .. "\n"
end

return Log
