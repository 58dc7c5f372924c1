-- Reference timing on the stock lua5.4 interpreter: the same scheduler over the same input,
-- given as a table literal, so only the scheduler's own work is measured.
-- usage: lua5.4 reference.lua INPUT.lua main.lua WARMUP RUNS
local input = dofile(arg[1])
local main = dofile(arg[2])
local warmup, runs = tonumber(arg[3]), tonumber(arg[4])
for _ = 1, warmup do main.scheduler(input) end
local times = {}
for i = 1, runs do
  local t = os.clock()
  main.scheduler(input)
  times[i] = (os.clock() - t) * 1000
  collectgarbage("collect")
end
table.sort(times)
local function pct(p) return times[math.max(1, math.ceil(#times * p))] end
print(string.format("%.3f %.3f", pct(0.5), pct(0.99)))
