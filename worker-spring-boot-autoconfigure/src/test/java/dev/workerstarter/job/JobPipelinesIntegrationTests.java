package dev.workerstarter.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.job.internal.JobDriver;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs pushed through {@link WorkerJobs} and handled on a pool: typed payloads and
 * {@link JobMessage}s, worker-scoped beans, retries with their backoff, dead letters
 * after exactly max attempts, delays and priorities.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pools.jobs.size=2", "worker.tasks.pool=jobs",
				"worker.jobs.pipelines.orders.driver=memory", "worker.jobs.pipelines.messages.handler=messageHandler",
				"worker.jobs.pipelines.scoped.concurrency=2", "worker.jobs.pipelines.flaky.max-attempts=4",
				"worker.jobs.pipelines.flaky.backoff.initial=40ms", "worker.jobs.pipelines.flaky.backoff.jitter=0.5",
				"worker.jobs.pipelines.delayed.driver=memory", "worker.jobs.pipelines.ordered.concurrency=1",
				"worker.jobs.pipelines.ordered.paused=true" })
class JobPipelinesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	WorkerJobs jobs;

	@Autowired
	JobPipelines pipelines;

	@Autowired
	Handled handled;

	@Test
	void aListenerMethodTakesThePayloadInItsGenericTypeAndTheMessage() {
		String id = this.jobs.push("orders", List.of(new Order("a-1", 2), new Order("b-2", 5))).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.handled.of("orders").size() == 1);
		assertThat(this.handled.of("orders"))
			.containsExactly(id + " 1 orders [Order[sku=a-1, quantity=2], " + "Order[sku=b-2, quantity=5]] jobs");
	}

	@Test
	void aConfiguredHandlerBeanReadsTheMessage() {
		String id = this.jobs.push("messages", Map.of("to", "ada")).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.handled.of("messages").size() == 1);
		assertThat(this.handled.of("messages")).containsExactly(id + " 1 {\"to\":\"ada\"} ada");
	}

	@Test
	void handlersUseTheWorkerScopedBeansOfTheKernelTheyRunOn() {
		Flux.range(0, 20).concatMap((i) -> this.jobs.push("scoped", i)).blockLast(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.handled.of("scoped").size() == 20);
		Map<String, String> scratchByWorker = new ConcurrentHashMap<>();
		for (String seen : this.handled.of("scoped")) {
			String[] parts = seen.split(" ");
			assertThat(scratchByWorker.computeIfAbsent(parts[0], (worker) -> parts[1]))
				.as("scratch of worker %s", parts[0])
				.isEqualTo(parts[1]);
		}
		assertThat(scratchByWorker).isNotEmpty()
			.allSatisfy((worker, scratch) -> assertThat(scratch).startsWith("jobs-"));
	}

	@Test
	void aFailingJobIsRetriedAfterItsBackoffThenDeadLetteredAfterExactlyMaxAttempts() {
		String id = this.jobs.push("flaky", "fail").block(TIMEOUT);
		JobDriver driver = this.pipelines.get("flaky").driver();
		await().atMost(TIMEOUT).until(() -> driver.stats().block(TIMEOUT).deadLetters() == 1);
		List<Attempt> attempts = this.handled.attempts(id);
		assertThat(attempts).extracting(Attempt::number).containsExactly(1, 2, 3, 4);
		// 40ms × 2^(n-1), less a jitter of at most half of it.
		for (int i = 1; i < attempts.size(); i++) {
			long gapMillis = attempts.get(i).millis() - attempts.get(i - 1).millis();
			assertThat(gapMillis).as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo((40L << (i - 1)) / 2);
		}
		JobDriver.DeadLetter dead = driver.deadLetters(20).blockFirst(TIMEOUT);
		assertThat(dead.id()).isEqualTo(id);
		assertThat(dead.attempts()).isEqualTo(4);
		assertThat(dead.payload()).isEqualTo("\"fail\"");
		assertThat(dead.error()).isEqualTo("java.lang.IllegalStateException: attempt 4 failed");
		assertThat(driver.stats().block(TIMEOUT).inFlight()).isZero();
	}

	@Test
	void aJobThatSucceedsOnALaterAttemptIsAcknowledged() {
		String id = this.jobs.push("flaky", "succeed-on-3").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.handled.attempts(id).size() == 3);
		JobDriver driver = this.pipelines.get("flaky").driver();
		await().atMost(TIMEOUT).until(() -> driver.stats().block(TIMEOUT).inFlight() == 0);
		assertThat(driver.deadLetters(20).map(JobDriver.DeadLetter::id).collectList().block(TIMEOUT))
			.doesNotContain(id);
		assertThat(this.handled.attempts(id)).extracting(Attempt::number).containsExactly(1, 2, 3);
	}

	@Test
	void aDelayedJobRunsNoEarlierThanItsDelay() {
		this.jobs.push("delayed", "later", JobOptions.delayed(Duration.ofMillis(400))).block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.handled.of("delayed").size() == 1);
		// On the clock the push and the take read (a job is due on whole milliseconds).
		assertThat(Long.parseLong(this.handled.of("delayed").get(0))).isGreaterThanOrEqualTo(400);
	}

	@Test
	void jobsOfHigherPriorityRunFirstAndEqualPrioritiesInPushOrder() {
		int[] priorities = { 0, 5, 1, 5, 9, 0 };
		for (int i = 0; i < priorities.length; i++) {
			this.jobs.push("ordered", "p" + priorities[i] + "#" + i, JobOptions.NONE.withPriority(priorities[i]))
				.block(TIMEOUT);
		}
		assertThat(this.handled.of("ordered")).isEmpty();
		this.pipelines.get("ordered").resume();
		await().atMost(TIMEOUT).until(() -> this.handled.of("ordered").size() == priorities.length);
		assertThat(this.handled.of("ordered")).containsExactly("p9#4", "p5#1", "p5#3", "p1#2", "p0#0", "p0#5");
	}

	@Test
	void aPushToAnUnknownPipelineFailsListingThePipelines() {
		StepVerifier.create(this.jobs.push("nope", "x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("'nope'")
				.hasMessageContaining("orders")
				.hasMessageContaining("flaky"))
			.verify(TIMEOUT);
	}

	record Order(String sku, int quantity) {
	}

	// On the clock retries are due by, in whole milliseconds.
	record Attempt(int number, long millis) {
	}

	static class Handled {

		private final Map<String, Queue<String>> byPipeline = new ConcurrentHashMap<>();

		private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();

		void add(String pipeline, String seen) {
			this.byPipeline.computeIfAbsent(pipeline, (name) -> new ConcurrentLinkedQueue<>()).add(seen);
		}

		List<String> of(String pipeline) {
			return new ArrayList<>(this.byPipeline.getOrDefault(pipeline, new ConcurrentLinkedQueue<>()));
		}

		void attempt(JobMessage message) {
			this.attempts.computeIfAbsent(message.id(), (id) -> new CopyOnWriteArrayList<>())
				.add(new Attempt(message.attempt(), System.currentTimeMillis()));
		}

		List<Attempt> attempts(String id) {
			return List.copyOf(this.attempts.getOrDefault(id, List.of()));
		}

	}

	static class Scratch {

		private final String id = WorkerContext.current()
			.map((context) -> context.poolName() + "-" + context.workerId())
			.orElse("none") + "@" + Integer.toHexString(System.identityHashCode(this));

		String id() {
			return this.id;
		}

	}

	static class Listeners {

		private final Handled handled;

		private final Scratch scratch;

		Listeners(Handled handled, Scratch scratch) {
			this.handled = handled;
			this.scratch = scratch;
		}

		@JobListener("orders")
		void orders(JobMessage message, List<Order> orders) {
			String pool = WorkerContext.current().map(WorkerContext::poolName).orElse("none");
			this.handled.add("orders",
					message.id() + " " + message.attempt() + " " + message.pipeline() + " " + orders + " " + pool);
		}

		@JobListener("scoped")
		void scoped(int index) {
			this.handled.add("scoped", WorkerContext.current().orElseThrow().workerId() + " " + this.scratch.id());
		}

		@JobListener("flaky")
		void flaky(JobMessage message, String mode) {
			this.handled.attempt(message);
			if (mode.equals("fail") || (mode.equals("succeed-on-3") && message.attempt() < 3)) {
				throw new IllegalStateException("attempt " + message.attempt() + " failed");
			}
		}

		@JobListener("delayed")
		void delayed(JobMessage message) {
			this.handled.add("delayed", Long.toString(System.currentTimeMillis() - message.pushedAt().toEpochMilli()));
		}

		@JobListener("ordered")
		void ordered(String payload) {
			this.handled.add("ordered", payload);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Handled handled() {
			return new Handled();
		}

		@Bean
		@WorkerScoped
		Scratch scratch() {
			return new Scratch();
		}

		@Bean
		Listeners listeners(Handled handled, Scratch scratch) {
			return new Listeners(handled, scratch);
		}

		@Bean
		JobHandler messageHandler(Handled handled) {
			return (message) -> handled.add("messages", message.id() + " " + message.attempt() + " " + message.payload()
					+ " " + message.payload(Map.class).get("to"));
		}

	}

}
