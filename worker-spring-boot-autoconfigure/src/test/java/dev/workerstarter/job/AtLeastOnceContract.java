package dev.workerstarter.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.job.internal.JobDriver;
import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobPipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once delivery through a driver, which each subclass names: 10,000 jobs, 5 % of
 * them (picked up front) failing every attempt. Every other job is handled exactly once
 * and acknowledged once, every failing job is dead-lettered after exactly its max
 * attempts, and nothing is left waiting, delayed or in flight.
 */
abstract class AtLeastOnceContract {

	static final String PIPELINE = "bulk";

	private static final Log logger = LogFactory.getLog(AtLeastOnceContract.class);

	private static final int JOBS = 10_000;

	private static final int MAX_ATTEMPTS = 3;

	/**
	 * Returns the properties that put pipeline {@value #PIPELINE} on the driver under
	 * test: its driver key and whatever the driver needs, for example
	 * {@code TestRedis.properties(prefix)} and {@code worker.jobs.redis.key-prefix}.
	 * @return the properties, as {@code key=value}
	 */
	abstract String[] driverProperties();

	@Test
	void everyJobIsHandledOnceOrDeadLetteredAfterItsMaxAttempts() {
		Set<Integer> failing = new HashSet<>();
		Random random = new Random(17);
		while (failing.size() < JOBS / 20) {
			failing.add(random.nextInt(JOBS));
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BulkApp.class)
			.web(WebApplicationType.REACTIVE)
			.properties(driverProperties())
			.properties("server.port=0", "worker.pool.size=1", "worker.pools.jobs.size=4",
					"worker.jobs.pipelines." + PIPELINE + ".pool=jobs",
					"worker.jobs.pipelines." + PIPELINE + ".max-attempts=" + MAX_ATTEMPTS,
					"worker.jobs.pipelines." + PIPELINE + ".backoff.initial=1ms",
					"worker.jobs.pipelines." + PIPELINE + ".backoff.max=4ms")
			.run()) {
			BulkHandler handler = context.getBean(BulkHandler.class);
			handler.failing.addAll(failing);
			WorkerJobs jobs = context.getBean(WorkerJobs.class);
			Map<String, Integer> ids = new ConcurrentHashMap<>();
			long startNanos = System.nanoTime();
			Flux.range(0, JOBS)
				.flatMap((i) -> jobs.push(PIPELINE, i).doOnNext((id) -> ids.put(id, i)), 64)
				.blockLast(Duration.ofSeconds(60));
			JobDriver driver = context.getBean(JobPipelines.class).get(PIPELINE).driver();
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> driver.stats().block(), (stats) -> stats.deadLetters() == failing.size()
						&& stats.waiting() + stats.delayed() + stats.inFlight() == 0);
			logger.info(JOBS + " jobs pushed and settled (" + failing.size() + " dead-lettered after " + MAX_ATTEMPTS
					+ " attempts) in " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis() + " ms");

			assertThat(ids).hasSize(JOBS);
			for (int i = 0; i < JOBS; i++) {
				int attempts = handler.attempts.getOrDefault(i, new AtomicInteger()).get();
				int successes = handler.successes.getOrDefault(i, new AtomicInteger()).get();
				if (failing.contains(i)) {
					assertThat(attempts).as("attempts at failing job %d", i).isEqualTo(MAX_ATTEMPTS);
					assertThat(successes).as("successes of failing job %d", i).isZero();
				}
				else {
					assertThat(attempts).as("attempts at job %d", i).isOne();
					assertThat(successes).as("successes of job %d", i).isOne();
				}
			}
			List<JobDriver.DeadLetter> dead = driver.deadLetters(JOBS).collectList().block(Duration.ofSeconds(10));
			Set<Integer> deadIndexes = new HashSet<>();
			for (JobDriver.DeadLetter letter : dead) {
				assertThat(letter.attempts()).isEqualTo(MAX_ATTEMPTS);
				assertThat(letter.error())
					.isEqualTo(IllegalStateException.class.getName() + ": job " + ids.get(letter.id()) + " fails");
				deadIndexes.add(ids.get(letter.id()));
			}
			assertThat(dead).hasSize(failing.size());
			assertThat(deadIndexes).isEqualTo(failing);
			assertThat(driver.stats().block()).isEqualTo(new PipelineStats(0, 0, 0, failing.size()));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("worker.jobs.pushed").tag("pipeline", PIPELINE).counter().count()).isEqualTo(JOBS);
			assertThat(registry.get("worker.jobs.acks").tag("pipeline", PIPELINE).counter().count())
				.isEqualTo(JOBS - failing.size());
			assertThat(registry.get("worker.jobs.retries").tag("pipeline", PIPELINE).counter().count())
				.isEqualTo(failing.size() * (MAX_ATTEMPTS - 1));
			assertThat(registry.get("worker.jobs.dead").tag("pipeline", PIPELINE).counter().count())
				.isEqualTo(failing.size());
			assertThat(handler.overlaps).as("jobs run at once beyond the concurrency").isEmpty();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BulkApp {

		@Bean
		BulkHandler bulkHandler() {
			return new BulkHandler();
		}

	}

	static class BulkHandler {

		final Set<Integer> failing = ConcurrentHashMap.newKeySet();

		final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();

		final Map<Integer, AtomicInteger> successes = new ConcurrentHashMap<>();

		final List<Integer> overlaps = new ArrayList<>();

		private final AtomicInteger running = new AtomicInteger();

		@JobListener(PIPELINE)
		void handle(int index) {
			int now = this.running.incrementAndGet();
			try {
				if (now > 4) {
					synchronized (this.overlaps) {
						this.overlaps.add(now);
					}
				}
				this.attempts.computeIfAbsent(index, (key) -> new AtomicInteger()).incrementAndGet();
				if (this.failing.contains(index)) {
					throw new IllegalStateException("job " + index + " fails");
				}
				this.successes.computeIfAbsent(index, (key) -> new AtomicInteger()).incrementAndGet();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
