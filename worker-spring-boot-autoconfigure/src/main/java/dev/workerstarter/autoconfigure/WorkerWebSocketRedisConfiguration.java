package dev.workerstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.internal.RedisConnectionStorage;
import dev.workerstarter.websocket.internal.RedisMessageQueue;
import dev.workerstarter.websocket.internal.RedisRelay;
import dev.workerstarter.websocket.internal.WsRelay;

/**
 * The Redis storage of the WebSocket server ({@code worker.websocket.storage=redis}):
 * connections, message queue and relay in Redis, through the application's
 * {@link ReactiveRedisConnectionFactory} ({@code spring.data.redis.*}). A bean of each
 * type replaces the configured one. Without Spring Data Redis, or without a connection
 * factory, start-up fails with a message that names the property and the fix.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = WorkerWebSocketRedisConfiguration.STORAGE, havingValue = "redis")
final class WorkerWebSocketRedisConfiguration {

	static final String STORAGE = "worker.websocket.storage";

	private static final String FIX = "Add spring-boot-starter-data-redis-reactive to the application and point it at "
			+ "the Redis server with spring.data.redis.* (url, or host and port); or set " + STORAGE
			+ " to memory when the application runs as a single instance.";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	static final class RedisStorageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsConnectionStorage workerWsConnectionStorage(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				WorkerProperties properties) {
			return new RedisConnectionStorage(required(connectionFactory), properties.websocket().redis().keyPrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		WsMessageQueue workerWsMessageQueue(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				WorkerProperties properties) {
			WorkerProperties.WebSocket.WsRedis redis = properties.websocket().redis();
			return new RedisMessageQueue(required(connectionFactory), redis.keyPrefix(), InvalidWorkerPropertyException
				.requirePositive("worker.websocket.redis.queue-expiry", redis.queueExpiry()));
		}

		@Bean
		@ConditionalOnMissingBean
		WsRelay workerWsRelay(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				WorkerProperties properties) {
			return new RedisRelay(required(connectionFactory), properties.websocket().redis().keyPrefix());
		}

		private static ReactiveRedisConnectionFactory required(
				ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory) {
			return connectionFactory.getIfAvailable(() -> {
				throw new InvalidWorkerPropertyException(STORAGE, "redis",
						"the application has no ReactiveRedisConnectionFactory bean", FIX);
			});
		}

	}

	// Fails in the storage bean, which the server needs, rather than leaving the server
	// without one.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
	static final class NoRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsConnectionStorage workerWsConnectionStorage() {
			throw new InvalidWorkerPropertyException(STORAGE, "redis", "Spring Data Redis is not on the classpath",
					FIX);
		}

	}

}
