-- Appends one event to n channels and to the fan-out stream in one atomic step, so that every
-- node sees a channel's events in offset order and no committed event can miss the fan-out. A
-- repository event also gets its notification work (the whole event, journal JSON) on the work
-- stream in the same step: an event is stored with its routing work or not at all.
-- KEYS: meta_1, stream_1, ..., meta_n, stream_n, fanout, fanout_meta, work, work_meta, result
-- ARGV: new_epoch, channel_maxlen, fanout_maxlen, trim ('~' or '='), header, body, result_ttl_s,
--       work_maxlen, work ('' = no work entry), channel_1 .. channel_n
-- Returns: epoch_1, offset_1, ..., epoch_n, offset_n, fanout_id
--
-- The result key (per event id) makes a retry harmless: a client that lost the reply (Redis crashed
-- after writing the event to disk, or the connection dropped) and sends the same event again gets
-- the first answer back instead of a second copy at new offsets.
local done = redis.call('GET', KEYS[#KEYS])
if done then
  return cjson.decode(done)
end
local n = (#KEYS - 5) / 2
local trim = ARGV[4]
local header = ARGV[5]
local body = ARGV[6]
local result = {}
local positions = {}
for i = 1, n do
  local meta = KEYS[2 * i - 1]
  local stream = KEYS[2 * i]
  local epoch = redis.call('HGET', meta, 'e')
  if not epoch then
    epoch = ARGV[1]
    redis.call('HSET', meta, 'e', epoch)
  end
  local top = redis.call('HINCRBY', meta, 's', 1)
  if top == 1 then
    -- A new epoch: whatever an older life of the channel left behind is not part of it.
    redis.call('DEL', stream)
  end
  redis.call('XADD', stream, 'MAXLEN', trim, ARGV[2], top .. '-0', 'h', header, 'd', body)
  result[#result + 1] = epoch
  result[#result + 1] = top
  positions[#positions + 1] = ARGV[9 + i] .. '\t' .. epoch .. '\t' .. top
end
-- The fan-out's own sequence (+1 per entry): a tail that sees it jump knows entries were trimmed
-- away before it read them, even without a disconnect (a long pause of the node).
local seq = redis.call('HINCRBY', KEYS[#KEYS - 3], 'q', 1)
result[#result + 1] = redis.call('XADD', KEYS[#KEYS - 4], 'MAXLEN', trim, ARGV[3], '*',
  'p', table.concat(positions, '\n'), 'q', seq, 'h', header, 'd', body)
if ARGV[9] ~= '' then
  -- The work stream's own sequence lets a consumer tell entries trimmed before anyone took them.
  local wseq = redis.call('HINCRBY', KEYS[#KEYS - 1], 'q', 1)
  redis.call('XADD', KEYS[#KEYS - 2], 'MAXLEN', trim, ARGV[8], '*', 'q', wseq, 'e', ARGV[9])
end
redis.call('SET', KEYS[#KEYS], cjson.encode(result), 'EX', ARGV[7])
return result
