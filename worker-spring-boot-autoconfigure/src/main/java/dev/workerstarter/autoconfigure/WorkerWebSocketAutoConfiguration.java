package dev.workerstarter.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsEventExtractor;
import dev.workerstarter.websocket.WsHandshakeHook;
import dev.workerstarter.websocket.WsHeadersExtractor;
import dev.workerstarter.websocket.WsInputDataExtractor;
import dev.workerstarter.websocket.WsMessageConverter;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsServer;
import dev.workerstarter.websocket.internal.InMemoryConnectionStorage;
import dev.workerstarter.websocket.internal.InMemoryMessageQueue;
import dev.workerstarter.websocket.internal.JsonMessageConverter;
import dev.workerstarter.websocket.internal.WsFormat;
import dev.workerstarter.websocket.internal.WsListeners;
import dev.workerstarter.websocket.internal.WsMeters;
import dev.workerstarter.websocket.internal.WsRelay;
import dev.workerstarter.websocket.internal.WsRuntime;

/**
 * Auto-configuration of the WebSocket server on workers, when
 * {@code worker.websocket.path} is set: the endpoint at that path, the {@link WsServer},
 * each message handled as a job on a worker of {@code worker.websocket.pool}, and the
 * replaceable parts (converter, extractors, connection storage, message queue), in memory
 * unless {@code worker.websocket.storage} is {@code redis}.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ JsonMapper.class, WebSocketHandler.class })
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnProperty("worker.websocket.path")
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerWebSocketAutoConfiguration {

	private static final String PREFIX = "worker.websocket";

	@Bean
	@ConditionalOnMissingBean
	WsMessageConverter workerWsMessageConverter(ObjectProvider<JsonMapper> mapper) {
		return new JsonMessageConverter(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	WsEventExtractor workerWsEventExtractor() {
		return JsonMessageConverter::event;
	}

	@Bean
	@ConditionalOnMissingBean
	WsHeadersExtractor workerWsHeadersExtractor() {
		return JsonMessageConverter::headers;
	}

	@Bean
	@ConditionalOnMissingBean
	WsInputDataExtractor workerWsInputDataExtractor() {
		return JsonMessageConverter::inputData;
	}

	@Bean
	WsRuntime workerWsRuntime(WorkerProperties properties, WorkerPools pools, WsConnectionStorage storage,
			WsMessageQueue queue, WsRelay relay, WsMessageConverter converter, WsEventExtractor events,
			WsHeadersExtractor headers, WsInputDataExtractor inputData, ObjectProvider<JsonMapper> mapper,
			ObjectProvider<WsHandshakeHook> hooks, ObjectProvider<WsMeters> meters, ApplicationEventPublisher publisher,
			ConfigurableListableBeanFactory beanFactory) {
		WorkerProperties.WebSocket websocket = properties.websocket();
		JsonMapper jsonMapper = mapper.getIfAvailable(() -> JsonMapper.builder().build());
		WsListeners listeners = WsListeners.of(PREFIX + ".listeners",
				websocket.listeners()
					.stream()
					.map((listener) -> new WsListeners.Entry(listener.event(), listener.listener()))
					.toList(),
				beanFactory, jsonMapper);
		WsFormat format = new WsFormat(converter, events, headers, inputData, jsonMapper);
		List<WsHandshakeHook> orderedHooks = hooks.orderedStream().toList();
		return new WsRuntime(settings(websocket, properties.http().retryAfter()),
				new WsRuntime.Parts(storage, queue, relay, format), pool(pools, websocket.pool()), listeners,
				orderedHooks, meters.getIfAvailable(() -> WsMeters.NONE), publisher);
	}

	@Bean
	WsServer workerWsServer(WsRuntime runtime) {
		return runtime.server();
	}

	@Bean
	HandlerMapping workerWsHandlerMapping(WsRuntime runtime) {
		return runtime.handlerMapping();
	}

	private static WorkerPool pool(WorkerPools pools, String name) {
		try {
			return pools.pool(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(PREFIX + ".pool", name, String.valueOf(ex.getMessage()),
					"Name the default pool (default) or one configured under worker.pools.");
		}
	}

	private static WsRuntime.Settings settings(WorkerProperties.WebSocket websocket, Duration retryAfter) {
		String path = String.valueOf(websocket.path()).trim();
		if (!path.startsWith("/")) {
			throw new InvalidWorkerPropertyException(PREFIX + ".path", websocket.path(), "the path must start with /",
					"Set a path such as /ws.");
		}
		requireAtLeast(PREFIX + ".max-connections", websocket.maxConnections(), 0);
		requireAtLeast(PREFIX + ".max-pending-messages", websocket.maxPendingMessages(), 1);
		requireAtLeast(PREFIX + ".outbound-buffer-size", websocket.outboundBufferSize(), 1);
		long maxMessageSize = websocket.maxMessageSize().toBytes();
		if (maxMessageSize <= 0 || maxMessageSize > Integer.MAX_VALUE) {
			throw new InvalidWorkerPropertyException(PREFIX + ".max-message-size", websocket.maxMessageSize(),
					"the size must be between 1B and 2GB", "Set a size such as 64KB.");
		}
		Duration heartbeat = InvalidWorkerPropertyException.requirePositive(PREFIX + ".heartbeat",
				websocket.heartbeat());
		Duration expiry = InvalidWorkerPropertyException.requirePositive(PREFIX + ".expiry", websocket.expiry());
		if (expiry.compareTo(heartbeat) <= 0) {
			throw new InvalidWorkerPropertyException(PREFIX + ".expiry", expiry,
					"the expiry must be longer than the heartbeat (" + heartbeat + ")",
					"Set it to a few heartbeats, for example three times " + PREFIX + ".heartbeat.");
		}
		return new WsRuntime.Settings(path, websocket.maxConnections(), (int) maxMessageSize,
				websocket.maxPendingMessages(), websocket.outboundBufferSize(), websocket.errorEvent(), retryAfter,
				InvalidWorkerPropertyException.requireNotNegative(PREFIX + ".ping-interval", websocket.pingInterval()),
				InvalidWorkerPropertyException.requireNotNegative(PREFIX + ".idle-timeout", websocket.idleTimeout()),
				heartbeat, expiry, Duration.ofSeconds(30));
	}

	private static void requireAtLeast(String property, int value, int least) {
		if (value < least) {
			throw new InvalidWorkerPropertyException(property, value, "the value must be at least " + least,
					"Set it to " + least + " or more.");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "worker.websocket.storage", havingValue = "memory", matchIfMissing = true)
	static final class MemoryStorageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsConnectionStorage workerWsConnectionStorage() {
			return new InMemoryConnectionStorage(Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		WsMessageQueue workerWsMessageQueue() {
			return new InMemoryMessageQueue();
		}

		@Bean
		@ConditionalOnMissingBean
		WsRelay workerWsRelay() {
			return WsRelay.NONE;
		}

	}

}
