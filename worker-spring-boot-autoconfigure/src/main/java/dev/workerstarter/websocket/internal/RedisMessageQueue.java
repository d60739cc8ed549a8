package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.workerstarter.websocket.WsMessageQueue;

/**
 * The message queue of a cluster, in Redis ({@code storage: redis}): a list
 * {@code <prefix>queue:<connection id>} per connection, oldest message first. A list
 * expires once nobody added to it for the queue expiry, so that the messages of a
 * connection that never takes them do not stay for ever.
 */
public final class RedisMessageQueue implements WsMessageQueue {

	// Adds and sets the expiry in one step: a list is never left without one.
	private static final RedisScript<Long> ADD = RedisScript.of("""
			redis.call('RPUSH', KEYS[1], ARGV[1])
			return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final String expiry;

	/**
	 * Creates a queue.
	 * @param connectionFactory the connections to Redis
	 * @param keyPrefix the prefix of its keys
	 * @param expiry how long the messages of a connection are kept after the last one was
	 * added
	 */
	public RedisMessageQueue(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration expiry) {
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix + "queue:";
		this.expiry = Long.toString(expiry.toMillis());
	}

	@Override
	public Mono<Void> add(String connectionId, String message) {
		return this.redis.execute(ADD, List.of(key(connectionId)), List.of(message, this.expiry)).then();
	}

	@Override
	public Mono<String> poll(String connectionId) {
		return this.redis.opsForList().leftPop(key(connectionId));
	}

	@Override
	public Mono<Void> clear(String connectionId) {
		return this.redis.delete(key(connectionId)).then();
	}

	private String key(String connectionId) {
		return this.keyPrefix + connectionId;
	}

}
