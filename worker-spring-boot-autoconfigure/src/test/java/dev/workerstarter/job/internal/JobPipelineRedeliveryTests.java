package dev.workerstarter.job.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job the Redis driver hands back to the instance that still runs it (its keep-alive
 * came later than the visibility timeout) runs once: the run under way settles it.
 */
class JobPipelineRedeliveryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
		.web(WebApplicationType.REACTIVE)
		.properties("server.port=0", "worker.pool.size=2", "management.health.redis.enabled=false")
		.run();

	private final String keyPrefix = TestRedis.keyPrefix();

	private final RedisJobDriver redis = driver();

	private final List<RedisJobDriver> stopped = new ArrayList<>();

	@AfterEach
	void close() {
		this.context.close();
		this.redis.close();
		this.stopped.forEach(RedisJobDriver::close);
	}

	// Another instance of the pipeline on the same Redis.
	private RedisJobDriver driver() {
		return new RedisJobDriver(TestRedis.connectionFactory(), this.keyPrefix, "workers", "late",
				Duration.ofMillis(200), Duration.ofMillis(50));
	}

	@Test
	void aJobHandedBackWhileItRunsIsHandledAndAcknowledgedOnce() throws InterruptedException {
		LateKeepAlive driver = new LateKeepAlive(this.redis);
		AtomicInteger handled = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		JobPipeline pipeline = new JobPipeline(
				new PipelineSettings("late", "redis", 2, 3, new RetryBackoff(Duration.ZERO, Duration.ZERO, 1, 0),
						Duration.ofMillis(200), Duration.ofMillis(50), TIMEOUT, false),
				driver, this.context.getBean(WorkerPool.class), (message) -> {
					handled.incrementAndGet();
					assertThat(release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				}, JsonMapper.builder().build(), JobMeters.NONE, Clock.systemUTC());
		long now = System.currentTimeMillis();
		this.redis.push(new JobDriver.QueuedJob("job-1", "\"x\"", 1, now, now, 0)).block(TIMEOUT);
		pipeline.start();
		try {
			await().atMost(TIMEOUT).until(() -> driver.deliveries.getOrDefault("job-1", 0) >= 2);
			release.countDown();
			await().atMost(TIMEOUT)
				.until(() -> this.redis.stats().block(TIMEOUT),
						(stats) -> stats.equals(new JobDriver.PipelineStats(0, 0, 0, 0)));
			assertThat(handled).hasValue(1);
		}
		finally {
			release.countDown();
			pipeline.stop().block(TIMEOUT);
		}
	}

	@Test
	void aJobWhoseInstancesStoppedAnsweringUntilNoAttemptIsLeftIsDeadLetteredWithoutRunningAgain() {
		long now = System.currentTimeMillis();
		this.redis.push(new JobDriver.QueuedJob("poison", "\"x\"", 1, now, now, 0)).block(TIMEOUT);
		// two instances take it in turn and stop answering, as if it killed each of them
		for (int attempt = 1; attempt <= 2; attempt++) {
			RedisJobDriver dying = driver();
			this.stopped.add(dying);
			List<JobDriver.Delivery> taken = new ArrayList<>();
			await().atMost(TIMEOUT).until(() -> {
				taken.addAll(dying.take(1, Duration.ZERO).block(TIMEOUT));
				return !taken.isEmpty();
			});
			assertThat(taken.get(0).job().attempt()).isEqualTo(attempt);
		}
		AtomicInteger handled = new AtomicInteger();
		JobPipeline pipeline = new JobPipeline(
				new PipelineSettings("late", "redis", 2, 2, new RetryBackoff(Duration.ZERO, Duration.ZERO, 1, 0),
						Duration.ofMillis(200), Duration.ofMillis(50), TIMEOUT, false),
				this.redis, this.context.getBean(WorkerPool.class), (message) -> handled.incrementAndGet(),
				JsonMapper.builder().build(), JobMeters.NONE, Clock.systemUTC());
		pipeline.start();
		try {
			await().atMost(TIMEOUT)
				.until(() -> this.redis.stats().block(TIMEOUT),
						(stats) -> stats.equals(new JobDriver.PipelineStats(0, 0, 0, 1)));
			assertThat(handled).as("runs of the job that killed its instances").hasValue(0);
			assertThat(this.redis.deadLetters(10).collectList().block(TIMEOUT)).singleElement().satisfies((dead) -> {
				assertThat(dead.id()).isEqualTo("poison");
				assertThat(dead.attempts()).isEqualTo(2);
				assertThat(dead.error()).isEqualTo(JobPipeline.ABANDONED);
			});
		}
		finally {
			pipeline.stop().block(TIMEOUT);
		}
	}

	// The Redis driver whose keep-alives never come, and which counts what it hands out.
	private static final class LateKeepAlive extends ForwardingJobDriver {

		private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

		LateKeepAlive(JobDriver delegate) {
			super(delegate);
		}

		@Override
		public Mono<List<Delivery>> take(int max, Duration wait) {
			return super.take(max, wait).doOnNext((taken) -> taken
				.forEach((delivery) -> this.deliveries.merge(delivery.job().id(), 1, Integer::sum)));
		}

		@Override
		public Mono<Void> keepAlive(List<Delivery> running) {
			return Mono.empty();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
