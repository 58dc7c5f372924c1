-- Synthetic placement scheduler for the benchmark: every role's instances spread round-robin
-- over the sorted host names, the version kept from the parent's state when it still exists.
local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local function scheduler(input)
  local hosts = {}
  for _, peer in pairs(input.peers) do hosts[#hosts + 1] = peer.hostname end
  hosts[#hosts + 1] = input.current_host
  table.sort(hosts)

  local parent_state = (input.parents[1] or {}).state or {}
  local nodes, roles, state = {}, {}, {}
  local cursor = 0
  for _, role in ipairs(sorted_keys(input.runtime)) do
    local versions = sorted_keys(input.runtime[role])
    local version = versions[#versions]
    local previous = parent_state[role]
    if previous and input.runtime[role][previous.version] then version = previous.version end
    local meta = input.runtime[role][version]
    roles[role] = { template = role .. "/v1", version = version, image = meta.image, ports = meta.ports }
    for i = 1, meta.instances do
      cursor = cursor % #hosts + 1
      local host = hosts[cursor]
      local node = nodes[host]
      if not node then node = { roles = {} }; nodes[host] = node end
      local placed = node.roles[role]
      if not placed then
        placed = { version = version, instances = 0, daemons = {} }
        node.roles[role] = placed
      end
      placed.instances = placed.instances + 1
      placed.daemons[#placed.daemons + 1] = { name = role .. "-" .. i, memory_mb = meta.memory_mb, port = meta.ports[1] + i }
    end
    state[role] = { version = version, instances = meta.instances, since = input.now }
  end
  return { nodes = nodes, roles = roles, state = state, vars = { cluster = "bench" } }, "placed " .. #hosts .. " hosts"
end

return { scheduler = scheduler }
