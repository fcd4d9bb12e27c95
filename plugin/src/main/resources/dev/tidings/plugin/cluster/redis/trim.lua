-- Removes the work entries the group is done with: everything before the oldest pending entry,
-- or, with none pending, everything up to the last delivered one. Entries nobody took yet and
-- entries a consumer holds stay, so only redis.work.maxLen bounds the unrouted backlog.
-- KEYS: work
-- ARGV: group
-- Returns: {number of entries removed}
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
local last
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local name, delivered
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] end
    if g[i] == 'last-delivered-id' then delivered = g[i + 1] end
  end
  if name == ARGV[1] then last = delivered end
end
if not last then
  return {0}
end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
local minid
if pending[1] > 0 then
  minid = pending[2]
else
  local ms, seq = string.match(last, '^(%d+)-(%d+)$')
  minid = ms .. '-' .. (tonumber(seq) + 1)
end
return {redis.call('XTRIM', KEYS[1], 'MINID', minid)}
