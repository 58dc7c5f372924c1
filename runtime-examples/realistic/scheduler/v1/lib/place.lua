-- lib/place.lua: spreads a role's instances over the alive nodes.
--
-- Every node gets floor(n / k) or one more instance (k = node count), capped
-- by max_per_node. Who gets the "one more" is decided, in this order, by:
--   1. more instances in the previous placement (keeps things where they
--      are, so an unchanged cluster gives an unchanged placement);
--   2. lower load so far (instances of the roles placed before this one);
--   3. hostname (byte order).
-- It is fully deterministic: same input, same placement.
local here = (...):match("(.-)[^/]+$")
local util = require(here .. "util")

local place = {}

-- nodes: list of {hostname} sorted by hostname; previous: hostname -> count;
-- load: hostname -> count (updated in place).
-- Returns placement (hostname -> count > 0) and the number placed.
function place.spread(count, nodes, previous, load, max_per_node)
  local k = #nodes
  local placement = {}
  if k == 0 or count == 0 then return placement, 0 end
  local placed = count
  if max_per_node and placed > k * max_per_node then
    placed = k * max_per_node
  end
  local base, extra = placed // k, placed % k
  local order = {}
  for i, node in ipairs(nodes) do order[i] = node.hostname end
  table.sort(order, function(a, b)
    local pa, pb = previous[a] or 0, previous[b] or 0
    if pa ~= pb then return pa > pb end
    local la, lb = load[a] or 0, load[b] or 0
    if la ~= lb then return la < lb end
    return util.byte_less(a, b)
  end)
  for i, host in ipairs(order) do
    local n = base
    if i <= extra then n = n + 1 end
    if n > 0 then
      placement[host] = n
      load[host] = (load[host] or 0) + n
    end
  end
  return placement, placed
end

return place
