-- Reads a channel's position and the events after an offset in one atomic step, so the page and
-- the top it is compared with belong together. A channel without an epoch gets one here: a client
-- that subscribes before the first event can then resume across it (as Centrifuge does).
-- KEYS: meta, stream
-- ARGV: new_epoch, after_offset, max_count
-- Returns: epoch, top, entries (XRANGE shape)
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 's', 0)
end
local top = tonumber(redis.call('HGET', KEYS[1], 's') or '0')
local after = tonumber(ARGV[2])
local entries = {}
if after < top and tonumber(ARGV[3]) > 0 then
  entries = redis.call('XRANGE', KEYS[2], (after + 1) .. '-0', '+', 'COUNT', ARGV[3])
end
return {epoch, top, entries}
