package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsEventExtractor;
import dev.workerstarter.websocket.WsHeadersExtractor;
import dev.workerstarter.websocket.WsInputDataExtractor;
import dev.workerstarter.websocket.WsListener;
import dev.workerstarter.websocket.WsMessageConverter;
import dev.workerstarter.websocket.WsMessageHandler;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsServer;
import dev.workerstarter.websocket.internal.InMemoryConnectionStorage;
import dev.workerstarter.websocket.internal.InMemoryMessageQueue;
import dev.workerstarter.websocket.internal.JsonMessageConverter;
import dev.workerstarter.websocket.internal.WsRelay;
import dev.workerstarter.websocket.internal.WsRuntime;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerWebSocketAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerWebSocketAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	private final ReactiveWebApplicationContextRunner on = this.runner.withPropertyValues("worker.websocket.path=/ws");

	@Test
	void isOffWithoutAPath() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(WsServer.class)
			.doesNotHaveBean(WsRuntime.class)
			.doesNotHaveBean(WsConnectionStorage.class)
			.doesNotHaveBean(WsMessageConverter.class));
	}

	@Test
	void isOffWithoutTheWorkerPools() {
		this.on.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsServer.class));
	}

	@Test
	void isOffWithoutJackson() {
		this.on.withClassLoader(new FilteredClassLoader("tools.jackson.databind"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsServer.class));
	}

	@Test
	void withAPathServesItInMemoryWithTheDefaultFormat() {
		this.on.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(WsServer.class)
				.hasSingleBean(WsRuntime.class)
				.hasBean("workerWsHandlerMapping")
				.hasSingleBean(WsEventExtractor.class)
				.hasSingleBean(WsHeadersExtractor.class)
				.hasSingleBean(WsInputDataExtractor.class);
			assertThat(context.getBean(WsConnectionStorage.class)).isInstanceOf(InMemoryConnectionStorage.class);
			assertThat(context.getBean(WsMessageQueue.class)).isInstanceOf(InMemoryMessageQueue.class);
			assertThat(context.getBean(WsMessageConverter.class)).isInstanceOf(JsonMessageConverter.class);
			assertThat(context.getBean(WsRelay.class)).isSameAs(WsRelay.NONE);
			assertThat(context.getBean("workerWsHandlerMapping", HandlerMapping.class))
				.isSameAs(context.getBean(WsRuntime.class).handlerMapping());
			WsServer server = context.getBean(WsServer.class);
			assertThat(server.localConnectionCount()).isZero();
			assertThat(server.connectionCount().block()).isZero();
		});
	}

	@Test
	void userBeansReplaceTheConverterExtractorsStorageAndQueue() {
		this.on.withUserConfiguration(UserParts.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(WsMessageConverter.class)
				.hasSingleBean(WsEventExtractor.class)
				.hasSingleBean(WsHeadersExtractor.class)
				.hasSingleBean(WsInputDataExtractor.class)
				.hasSingleBean(WsConnectionStorage.class)
				.hasSingleBean(WsMessageQueue.class);
			assertThat(context.getBean(WsMessageConverter.class)).isSameAs(context.getBean("userConverter"));
			assertThat(context.getBean(WsEventExtractor.class)).isSameAs(context.getBean("userEvents"));
			assertThat(context.getBean(WsHeadersExtractor.class)).isSameAs(context.getBean("userHeaders"));
			assertThat(context.getBean(WsInputDataExtractor.class)).isSameAs(context.getBean("userInputData"));
			assertThat(context.getBean(WsMessageQueue.class)).isSameAs(context.getBean("userQueue"));
			// The server reads the cluster's connections from the user's storage.
			assertThat(context.getBean(WsServer.class).connectionCount().block()).isEqualTo(42);
		});
	}

	@Test
	void configuredAndAnnotatedListenersStartUp() {
		this.on
			.withPropertyValues("worker.websocket.listeners[0].event=ORDER",
					"worker.websocket.listeners[0].listener=orderHandler", "worker.websocket.listeners[1].event=PING",
					"worker.websocket.listeners[1].listener=" + ClassHandler.class.getName())
			.withUserConfiguration(Handlers.class, AnnotatedListeners.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(WsServer.class));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					worker.websocket.path=ws                                                   | worker.websocket.path
					worker.websocket.pool=reports                                              | worker.websocket.pool
					worker.websocket.max-connections=-1                                        | worker.websocket.max-connections
					worker.websocket.max-pending-messages=0                                    | worker.websocket.max-pending-messages
					worker.websocket.outbound-buffer-size=-1                                   | worker.websocket.outbound-buffer-size
					worker.websocket.max-message-size=0                                        | worker.websocket.max-message-size
					worker.websocket.ping-interval=-1s                                         | worker.websocket.ping-interval
					worker.websocket.idle-timeout=-1s                                          | worker.websocket.idle-timeout
					worker.websocket.heartbeat=0                                               | worker.websocket.heartbeat
					worker.websocket.expiry=5s                                                 | worker.websocket.expiry
					worker.websocket.heartbeat=15s                                             | worker.websocket.expiry
					worker.websocket.listeners[0].event=ORDER                                  | worker.websocket.listeners[0].listener
					worker.websocket.listeners[0].listener=orderHandler                        | worker.websocket.listeners[0].event
					worker.websocket.listeners[0].event=ORDER,worker.websocket.listeners[0].listener=nope | worker.websocket.listeners[0].listener
					worker.websocket.listeners[0].event=ORDER,worker.websocket.listeners[0].listener=java.lang.String | worker.websocket.listeners[0].listener
					""")
	void badValuesStopStartUpNamingTheKey(String properties, String key) {
		this.on.withPropertyValues(properties.split(","))
			.withUserConfiguration(Handlers.class)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, key));
	}

	@Test
	void twoConfiguredListenersOfOneEventStopStartUpNamingTheSecond() {
		this.on
			.withPropertyValues("worker.websocket.listeners[0].event=ORDER",
					"worker.websocket.listeners[0].listener=orderHandler", "worker.websocket.listeners[1].event=ORDER",
					"worker.websocket.listeners[1].listener=" + ClassHandler.class.getName())
			.withUserConfiguration(Handlers.class)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.websocket.listeners[1].event"));
	}

	@Test
	void configuredListenerOfAnEventAnAnnotatedMethodHandlesStopsStartUpNamingTheKey() {
		this.on
			.withPropertyValues("worker.websocket.listeners[0].event=ANNOTATED",
					"worker.websocket.listeners[0].listener=orderHandler")
			.withUserConfiguration(Handlers.class, AnnotatedListeners.class)
			.run((context) -> {
				WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.websocket.listeners[0].event");
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("annotated");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		WsMessageHandler orderHandler() {
			return (server, message) -> {
			};
		}

	}

	static class ClassHandler implements WsMessageHandler {

		@Override
		public void handle(WsServer server, dev.workerstarter.websocket.WsMessage message) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedListeners {

		@Bean
		Annotated annotated() {
			return new Annotated();
		}

	}

	static class Annotated {

		@WsListener("ANNOTATED")
		void annotated() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserParts {

		@Bean
		WsMessageConverter userConverter() {
			return new WsMessageConverter() {

				@Override
				public @Nullable JsonNode read(String payload) {
					return JsonNodeFactory.instance.stringNode(payload);
				}

				@Override
				public String write(String event, @Nullable Object data) {
					return event + ":" + data;
				}

			};
		}

		@Bean
		WsEventExtractor userEvents() {
			return (message) -> "TEXT";
		}

		@Bean
		WsHeadersExtractor userHeaders() {
			return (message) -> Map.of();
		}

		@Bean
		WsInputDataExtractor userInputData() {
			return (message) -> message;
		}

		@Bean
		WsConnectionStorage userStorage() {
			return new WsConnectionStorage() {

				@Override
				public Mono<Void> insert(WsConnection connection, Duration expiry) {
					return Mono.empty();
				}

				@Override
				public Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry) {
					return Mono.empty();
				}

				@Override
				public Mono<Boolean> remove(String connectionId) {
					return Mono.just(false);
				}

				@Override
				public Mono<WsConnection> find(String connectionId) {
					return Mono.empty();
				}

				@Override
				public Flux<WsConnection> all() {
					return Flux.just(new WsConnection("c", "elsewhere", Instant.EPOCH));
				}

				@Override
				public Mono<Long> count() {
					return Mono.just(42L);
				}

			};
		}

		@Bean
		WsMessageQueue userQueue() {
			return new InMemoryMessageQueue();
		}

	}

}
