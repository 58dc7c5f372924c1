-- lib/peers.lua: which nodes can run instances.
--
-- input.peers lists the OTHER nodes as cantal reports them; the current
-- node is never in it, so it is added from input.current_host/current_id.
-- A peer counts as alive when it has a hostname and reported directly
-- within the last STALE_MS milliseconds of input.now. Peers that were never
-- reached directly (no last_report_direct) are not used.
local here = (...):match("(.-)[^/]+$")
local util = require(here .. "util")

local peers = {}

peers.STALE_MS = 60000

-- Returns a list of {hostname, id} sorted by hostname.
function peers.alive_nodes(input, now, log)
  local by_host = {}
  local current = input.current_host
  if type(current) == "string" and current ~= "" then
    by_host[current] = { hostname = current, id = input.current_id, self = true }
  else
    log:warn("input has no current_host")
  end
  local list = type(input.peers) == "table" and input.peers or {}
  for _, key in ipairs(util.sorted_keys(list)) do
    local p = list[key]
    local host = type(p) == "table" and p.hostname
    local seen = type(p) == "table" and util.int(p.last_report_direct)
    if type(host) ~= "string" or host == "" then
      log:warn("peer %s: no hostname, ignored", key)
    elseif not seen then
      log:info("peer %s (%s): never reported directly, not used", host, key)
    elseif now - seen > peers.STALE_MS then
      log:info("peer %s (%s): last report %d ms ago, not used",
        host, key, now - seen)
    else
      local other = by_host[host]
      local id = type(p.id) == "string" and p.id or key
      if other and other.self then
        log:warn("peer %s has our own hostname %s, ignored", key, host)
      elseif other and other.seen >= seen then
        log:warn("peers %s and %s share hostname %s, keeping %s",
          other.id, id, host, other.id)
      else
        if other then
          log:warn("peers %s and %s share hostname %s, keeping %s",
            other.id, id, host, id)
        end
        by_host[host] = { hostname = host, id = id, seen = seen }
      end
    end
  end
  local nodes = {}
  for _, host in ipairs(util.sorted_keys(by_host)) do
    nodes[#nodes + 1] = by_host[host]
  end
  return nodes
end

return peers
