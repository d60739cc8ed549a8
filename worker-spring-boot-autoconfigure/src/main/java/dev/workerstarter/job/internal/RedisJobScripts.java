package dev.workerstarter.job.internal;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the {@link RedisJobDriver}: each state change of a job is one
 * script, so atomic (two instances running the same script at once change a job once) and
 * one round trip. Due times are scores on the Redis server's clock ({@code TIME}).
 * <p>
 * A job is the stream fields {@code id, payload, attempt, pushedAt, notBefore,
 * priority}; in the delayed set it is the same fields as one JSON object (cjson), all
 * strings. A script that hands jobs back returns each as its entry id followed by those
 * six values, in that order.
 */
final class RedisJobScripts {

	/** How many values a script returns per job: the entry id, then the six fields. */
	static final int VALUES_PER_JOB = 7;

	private static final String NOW = """
			local time = redis.call('TIME')
			local now = time[1] * 1000 + math.floor(time[2] / 1000)
			""";

	// The job in ARGV[from] .. ARGV[from + 5] into the stream, or, when ARGV[from - 1]
	// (its delay in milliseconds) is positive, into the delayed set until it is due.
	private static final String PUT = """
			local function add(job)
			  redis.call('XADD', KEYS[1], '*', 'id', job.id, 'payload', job.payload, 'attempt', job.attempt,
			    'pushedAt', job.pushedAt, 'notBefore', job.notBefore, 'priority', job.priority)
			end
			local function put(from)
			  local job = { id = ARGV[from], payload = ARGV[from + 1], attempt = ARGV[from + 2],
			    pushedAt = ARGV[from + 3], notBefore = ARGV[from + 4], priority = ARGV[from + 5] }
			  local delay = tonumber(ARGV[from - 1])
			  if delay > 0 then
			    redis.call('ZADD', KEYS[2], now + delay, cjson.encode(job))
			  else
			    add(job)
			  end
			end
			""";

	// Whether an entry is pending for this consumer (ARGV[2]) of the group (ARGV[1]), and
	// finishing the entry ARGV[3] if it is: only the instance that holds a job decides
	// how it ended, so that one whose job was taken over after its visibility timeout
	// changes nothing.
	private static final String OWNED = """
			local function owned(id)
			  return #redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1, ARGV[2]) > 0
			end
			local function finish()
			  if not owned(ARGV[3]) then
			    return false
			  end
			  redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
			  redis.call('XDEL', KEYS[1], ARGV[3])
			  return true
			end
			""";

	/** KEYS: stream, delayed. ARGV: delay, then the job's six fields. */
	static final RedisScript<Long> PUSH = RedisScript.of(NOW + PUT + """
			put(2)
			return 0
			""", Long.class);

	/**
	 * KEYS: stream, delayed. ARGV: group, consumer, receipt, delay, then the job's six
	 * fields. Returns {@code 1} if the job was this consumer's.
	 */
	static final RedisScript<Long> RETRY = RedisScript.of(NOW + PUT + OWNED + """
			if not finish() then
			  return 0
			end
			put(5)
			return 1
			""", Long.class);

	/**
	 * KEYS: stream. ARGV: group, consumer, receipt. Returns {@code 1} if the job was this
	 * consumer's.
	 */
	static final RedisScript<Long> ACK = RedisScript.of(OWNED + """
			return finish() and 1 or 0
			""", Long.class);

	/**
	 * KEYS: stream, dead letters. ARGV: group, consumer, receipt, most dead letters kept
	 * (approximately), id, payload, attempts, error. Returns {@code 1} if the job was
	 * this consumer's.
	 */
	static final RedisScript<Long> DEAD_LETTER = RedisScript.of(NOW + OWNED + """
			if not finish() then
			  return 0
			end
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'id', ARGV[5], 'payload', ARGV[6],
			  'attempts', ARGV[7], 'error', ARGV[8], 'failedAt', now)
			return 1
			""", Long.class);

	/**
	 * KEYS: stream. ARGV: group, consumer, then entry ids. Resets the idle time of the
	 * entries this consumer still holds; one another consumer claimed stays with it.
	 * Returns how many were kept alive.
	 */
	static final RedisScript<Long> KEEP_ALIVE = RedisScript.of(OWNED + """
			local own = {}
			for i = 3, #ARGV do
			  if owned(ARGV[i]) then
			    own[#own + 1] = ARGV[i]
			  end
			end
			local count = #own
			if count > 0 then
			  own[count + 1] = 'JUSTID'
			  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, unpack(own))
			end
			return count
			""", Long.class);

	/**
	 * KEYS: stream, delayed. ARGV: group, consumer, most jobs, visibility timeout in
	 * milliseconds, claim cursor, most delayed jobs moved.
	 * <p>
	 * Moves the due delayed jobs into the stream, claims entries idle longer than the
	 * visibility timeout (the jobs of an instance that died), then reads new entries, all
	 * without blocking. Creates the group (from the stream's start, with the stream) when
	 * it is missing. Returns the claim cursor to go on from next time, then the jobs. A
	 * claimed job's attempt counts each earlier delivery of the entry (its delivery count
	 * less one): those attempts ended without an answer.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> TAKE = RedisScript.of(NOW + PUT + """
			local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
			for _, member in ipairs(due) do
			  add(cjson.decode(member))
			end
			if #due > 0 then
			  redis.call('ZREM', KEYS[2], unpack(due))
			end
			local max = tonumber(ARGV[3])
			local reply = { ARGV[5] }
			local taken = 0
			local function emit(entry, unanswered)
			  local fields = {}
			  for i = 1, #entry[2], 2 do
			    fields[entry[2][i]] = entry[2][i + 1]
			  end
			  local n = #reply
			  reply[n + 1] = entry[1]
			  reply[n + 2] = fields.id
			  reply[n + 3] = fields.payload
			  reply[n + 4] = tostring(tonumber(fields.attempt) + unanswered)
			  reply[n + 5] = fields.pushedAt
			  reply[n + 6] = fields.notBefore
			  reply[n + 7] = fields.priority
			  taken = taken + 1
			end
			-- Each XAUTOCLAIM scans up to ten times COUNT entries of the pending list: a few
			-- rounds per take, going on next time from the cursor, cover a long list.
			for _ = 1, 8 do
			  local claimed = redis.pcall('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], reply[1],
			    'COUNT', max - taken)
			  if claimed.err then
			    if not string.find(claimed.err, 'NOGROUP', 1, true) then
			      return redis.error_reply(claimed.err)
			    end
			    redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
			    reply[1] = '0-0'
			    break
			  end
			  reply[1] = claimed[1]
			  for _, entry in ipairs(claimed[2]) do
			    -- Redis 6.2 answers false for an entry deleted while pending.
			    if type(entry) == 'table' then
			      local pending = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
			      emit(entry, (pending[1] ~= nil) and (tonumber(pending[1][4]) - 1) or 0)
			    end
			  end
			  if reply[1] == '0-0' or taken >= max then
			    break
			  end
			end
			if taken < max then
			  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', max - taken,
			    'STREAMS', KEYS[1], '>')
			  if read then
			    for _, entry in ipairs(read[1][2]) do
			      emit(entry, 0)
			    end
			  end
			end
			return reply
			""", List.class);

	/**
	 * KEYS: stream, delayed, dead letters. ARGV: group. Returns waiting, delayed, in
	 * flight, dead letters.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> STATS = RedisScript.of("""
			local inFlight = 0
			local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1])
			if not pending.err then
			  inFlight = pending[1]
			end
			return { redis.call('XLEN', KEYS[1]) - inFlight, redis.call('ZCARD', KEYS[2]), inFlight,
			  redis.call('XLEN', KEYS[3]) }
			""", List.class);

	/**
	 * KEYS: stream. ARGV: group, consumer. Removes the consumer from the group unless it
	 * still holds entries, which another instance is to claim.
	 */
	static final RedisScript<Long> LEAVE = RedisScript.of("""
			local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
			if pending.err or #pending > 0 then
			  return 0
			end
			return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
			""", Long.class);

	/**
	 * KEYS: stream. ARGV: group, idle time in milliseconds. Removes the consumers that
	 * hold no entry and have not read for longer than that: instances that died or left,
	 * whose jobs were claimed. A live one that is removed comes back with its next read.
	 * Returns how many were removed.
	 */
	static final RedisScript<Long> PRUNE = RedisScript.of("""
			local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
			if consumers.err then
			  return 0
			end
			local removed = 0
			for _, consumer in ipairs(consumers) do
			  local info = {}
			  for i = 1, #consumer, 2 do
			    info[consumer[i]] = consumer[i + 1]
			  end
			  if info.pending == 0 and info.idle > tonumber(ARGV[2]) then
			    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info.name)
			    removed = removed + 1
			  end
			end
			return removed
			""", Long.class);

	private RedisJobScripts() {
	}

}
