-- Takes up to count new entries of the work stream for one consumer of the group, and counts the
-- entries that were trimmed away (redis.work.maxLen) before the group delivered them: the group
-- hands out entries in stream order, so a jump of the work sequence ('q') between the last entry
-- it delivered (to any consumer, kept in work_meta 'd') and the next one is exactly what was lost.
-- KEYS: work, work_meta
-- ARGV: group, consumer, count
-- Returns: lost, { {id, {field, value, ...}}, ... }, newest ID in the stream (when no entries:
--          the group delivered everything up to it, so waiting for anything after it is race-free)
local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
if not r then
  local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  return {0, {}, newest[1] and newest[1][1] or '0-0'}
end
local entries = r[1][2]
local delivered = tonumber(redis.call('HGET', KEYS[2], 'd') or '0')
local lost = 0
for _, e in ipairs(entries) do
  local f = e[2]
  for i = 1, #f, 2 do
    if f[i] == 'q' then
      local q = tonumber(f[i + 1])
      -- A smaller sequence: Redis lost its data and started again; nothing to count.
      if q > delivered + 1 then
        lost = lost + (q - delivered - 1)
      end
      delivered = q
    end
  end
end
redis.call('HSET', KEYS[2], 'd', delivered)
return {lost, entries, ''}
