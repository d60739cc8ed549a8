package dev.workerstarter.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.support.TestRedis;
import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsServer;
import dev.workerstarter.websocket.internal.InMemoryConnectionStorage;
import dev.workerstarter.websocket.internal.InMemoryMessageQueue;
import dev.workerstarter.websocket.internal.RedisConnectionStorage;
import dev.workerstarter.websocket.internal.RedisMessageQueue;
import dev.workerstarter.websocket.internal.RedisRelay;
import dev.workerstarter.websocket.internal.WsRelay;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerWebSocketRedisConfigurationTests {

	private final String keyPrefix = TestRedis.keyPrefix();

	// After the application's own beans, as the WebSocket auto-configuration that imports
	// it.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, WorkerWebSocketRedisConfiguration.class))
		.withUserConfiguration(Properties.class)
		.withPropertyValues(TestRedis.properties(this.keyPrefix));

	@Test
	void keepsConnectionsQueueAndRelayInRedis() {
		this.runner.withPropertyValues("worker.websocket.storage=redis").run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionStorage.class)
				.hasSingleBean(RedisMessageQueue.class)
				.hasSingleBean(RedisRelay.class);
			// Through the application's connection factory, under the configured prefix.
			WsConnection connection = new WsConnection("c", "i", Instant.now());
			context.getBean(WsConnectionStorage.class).insert(connection, Duration.ofMinutes(1)).block();
			context.getBean(WsMessageQueue.class).add("c", "m").block();
			ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(
					context.getBean(ReactiveRedisConnectionFactory.class));
			assertThat(redis.keys(this.keyPrefix + "*").collectList().block()).containsExactlyInAnyOrder(
					this.keyPrefix + "{connections}", this.keyPrefix + "{connections}:data",
					this.keyPrefix + "queue:c");
		});
	}

	@Test
	void isImportedByTheWebSocketAutoConfiguration() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class,
							WorkerAutoConfiguration.class, WorkerWebSocketAutoConfiguration.class))
			.withPropertyValues(TestRedis.properties(this.keyPrefix))
			.withPropertyValues("worker.pool.size=1", "worker.websocket.path=/ws", "worker.websocket.storage=redis")
			.run((context) -> {
				assertThat(context).hasSingleBean(WsServer.class)
					.hasSingleBean(RedisConnectionStorage.class)
					.hasSingleBean(RedisMessageQueue.class);
				assertThat(context).getBean(WsRelay.class).isInstanceOf(RedisRelay.class);
			});
	}

	@Test
	void takesTheStorageNameInAnyCase() {
		this.runner.withPropertyValues("worker.websocket.storage=REDIS")
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionStorage.class));
	}

	@Test
	void isAbsentForTheMemoryStorage() {
		this.runner.withPropertyValues("worker.websocket.storage=memory")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WsConnectionStorage.class)
				.doesNotHaveBean(WsMessageQueue.class)
				.doesNotHaveBean(WsRelay.class));
	}

	@Test
	void isAbsentByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsConnectionStorage.class));
	}

	@Test
	void givesWayToTheApplicationsBeans() {
		this.runner.withPropertyValues("worker.websocket.storage=redis")
			.withUserConfiguration(OwnBeans.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WsConnectionStorage.class)
					.hasSingleBean(WsMessageQueue.class)
					.hasSingleBean(WsRelay.class);
				assertThat(context.getBean(WsConnectionStorage.class)).isSameAs(OwnBeans.STORAGE);
				assertThat(context.getBean(WsMessageQueue.class)).isSameAs(OwnBeans.QUEUE);
				assertThat(context.getBean(WsRelay.class)).isSameAs(WsRelay.NONE);
			});
	}

	@Test
	void failsWithoutARedisConnectionFactory() {
		FailureAnalysis analysis = analyzeStart(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerWebSocketRedisConfiguration.class))
			.withUserConfiguration(Properties.class)
			.withPropertyValues("worker.websocket.storage=redis"));
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'redis' for property "
				+ "'worker.websocket.storage' (originating from '\"worker.websocket.storage\" from property source "
				+ "\"test\"'): the application has no ReactiveRedisConnectionFactory bean");
		assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis-reactive", "spring.data.redis.",
				"set worker.websocket.storage to memory");
	}

	@Test
	void failsWithoutSpringDataRedis() {
		FailureAnalysis analysis = analyzeStart(this.runner.withPropertyValues("worker.websocket.storage=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis")));
		assertThat(analysis.getDescription())
			.startsWith("Invalid value 'redis' for property 'worker.websocket.storage'")
			.endsWith("Spring Data Redis is not on the classpath");
		assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis-reactive");
	}

	@Test
	void needsNoSpringDataRedisForTheMemoryStorage() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsConnectionStorage.class));
	}

	@Test
	void rejectsAQueueExpiryThatIsNotPositive() {
		FailureAnalysis analysis = analyzeStart(this.runner.withPropertyValues("worker.websocket.storage=redis",
				"worker.websocket.redis.queue-expiry=0s"));
		assertThat(analysis.getDescription())
			.startsWith("Invalid value 'PT0S' for property " + "'worker.websocket.redis.queue-expiry'");
	}

	private static FailureAnalysis analyzeStart(ApplicationContextRunner runner) {
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
		runner.withInitializer((context) -> environment.set(context.getEnvironment())).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidWorkerPropertyException.class);
			analysis
				.set(new InvalidWorkerPropertyFailureAnalyzer(environment.get()).analyze(context.getStartupFailure()));
		});
		assertThat(analysis.get()).isNotNull();
		return analysis.get();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WorkerProperties.class)
	static class Properties {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final WsConnectionStorage STORAGE = new InMemoryConnectionStorage(Clock.systemUTC());

		static final WsMessageQueue QUEUE = new InMemoryMessageQueue();

		@Bean
		WsConnectionStorage ownStorage() {
			return STORAGE;
		}

		@Bean
		WsMessageQueue ownQueue() {
			return QUEUE;
		}

		@Bean
		WsRelay ownRelay() {
			return WsRelay.NONE;
		}

	}

}
