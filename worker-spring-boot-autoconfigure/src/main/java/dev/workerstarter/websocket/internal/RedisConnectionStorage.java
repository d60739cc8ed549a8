package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;

/**
 * The connections of a cluster, in Redis ({@code storage: redis}): a sorted set
 * {@code <prefix>{connections}} of the connection ids scored by when they expire, and a
 * hash {@code <prefix>{connections}:data} of their instance and opening time. Each
 * operation is one Lua script, so atomic and one round trip; expiry is measured on the
 * Redis server's clock, so that the instances' clocks need not agree. Reading all the
 * connections, or counting them, first drops the expired ones.
 * <p>
 * Both keys carry the hash tag {@code {connections}}, so that the scripts may use them
 * together on a Redis Cluster.
 */
public final class RedisConnectionStorage implements WsConnectionStorage {

	// Connections refreshed per script: one script holds Redis up while it runs.
	private static final int REFRESH_BATCH = 500;

	private static final String NOW = """
			local time = redis.call('TIME')
			local now = time[1] * 1000 + math.floor(time[2] / 1000)
			""";

	private static final String PRUNE = """
			for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
			  redis.call('HDEL', KEYS[2], id)
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			""";

	// ARGV: the expiry in milliseconds, then the id and data of each connection.
	private static final RedisScript<Long> STORE = RedisScript.of(NOW + """
			for i = 2, #ARGV, 2 do
			  redis.call('ZADD', KEYS[1], now + ARGV[1], ARGV[i])
			  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			redis.call('ZREM', KEYS[1], ARGV[1])
			return redis.call('HDEL', KEYS[2], ARGV[1])
			""", Long.class);

	private static final RedisScript<String> FIND = RedisScript.of(NOW + """
			local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
			if expires and tonumber(expires) > now then
			  return redis.call('HGET', KEYS[2], ARGV[1])
			end
			return false
			""", String.class);

	// Each live connection's id and data, one after the other.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ALL = RedisScript.of(NOW + PRUNE + """
			local live = {}
			for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
			  local data = redis.call('HGET', KEYS[2], id)
			  if data then
			    live[#live + 1] = id
			    live[#live + 1] = data
			  end
			end
			return live
			""", List.class);

	private static final RedisScript<Long> COUNT = RedisScript.of(NOW + PRUNE + """
			return redis.call('ZCARD', KEYS[1])
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final List<String> keys;

	/**
	 * Creates a storage.
	 * @param connectionFactory the connections to Redis
	 * @param keyPrefix the prefix of its keys
	 */
	public RedisConnectionStorage(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix) {
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.keys = List.of(keyPrefix + "{connections}", keyPrefix + "{connections}:data");
	}

	@Override
	public Mono<Void> insert(WsConnection connection, Duration expiry) {
		return store(List.of(connection), expiry);
	}

	/**
	 * Refreshes connections still open. One that expired in the meantime, and so may have
	 * been dropped, is stored again: it is open after all.
	 */
	@Override
	public Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry) {
		return Flux.fromIterable(connections)
			.buffer(REFRESH_BATCH)
			// The scripts go out on one shared connection without waiting: a pipeline.
			.flatMap((batch) -> store(batch, expiry))
			.then();
	}

	@Override
	public Mono<Boolean> remove(String connectionId) {
		return this.redis.execute(REMOVE, this.keys, List.of(connectionId)).next().map((removed) -> removed > 0);
	}

	@Override
	public Mono<WsConnection> find(String connectionId) {
		return this.redis.execute(FIND, this.keys, List.of(connectionId))
			.next()
			.map((data) -> connection(connectionId, data));
	}

	@Override
	public Flux<WsConnection> all() {
		return this.redis.execute(ALL, this.keys, List.of()).concatMapIterable((reply) -> {
			List<WsConnection> connections = new ArrayList<>(reply.size() / 2);
			for (int i = 0; i + 1 < reply.size(); i += 2) {
				connections.add(connection((String) reply.get(i), (String) reply.get(i + 1)));
			}
			return connections;
		});
	}

	@Override
	public Mono<Long> count() {
		return this.redis.execute(COUNT, this.keys, List.of()).next();
	}

	private Mono<Void> store(Collection<WsConnection> connections, Duration expiry) {
		List<String> args = new ArrayList<>(1 + 2 * connections.size());
		args.add(Long.toString(expiry.toMillis()));
		for (WsConnection connection : connections) {
			args.add(connection.id());
			// The opening time has no space: the instance id, whatever it holds, follows
			// the first one.
			args.add(connection.openedAt() + " " + connection.instanceId());
		}
		return this.redis.execute(STORE, this.keys, args).then();
	}

	private static WsConnection connection(String id, String data) {
		int space = data.indexOf(' ');
		return new WsConnection(id, data.substring(space + 1), Instant.parse(data.substring(0, space)));
	}

}
