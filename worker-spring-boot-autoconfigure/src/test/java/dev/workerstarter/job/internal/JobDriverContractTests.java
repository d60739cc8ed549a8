package dev.workerstarter.job.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.workerstarter.job.internal.JobDriver.DeadLetter;
import dev.workerstarter.job.internal.JobDriver.Delivery;
import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobDriver.QueuedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link JobDriver} does, whatever keeps its jobs: a driver's test class
 * extends this one and creates a driver over an empty pipeline for each test.
 */
public abstract class JobDriverContractTests {

	/** Long enough for a slow machine, short enough for a test. */
	protected static final Duration AT_MOST = Duration.ofSeconds(10);

	/** How much earlier than its due time a job may be taken (clock granularity). */
	private static final long CLOCK_TOLERANCE_MILLIS = 5;

	/** Quotes, escapes, a slash, characters beyond ASCII and beyond the BMP. */
	protected static final String TRICKY_PAYLOAD = "{\"text\":\"h\u00e9llo \\\"w\u00f6rld\\\" \\n / \\\\ \u2603 \uD83D\uDE00\",\"list\":[1,2.5,null]}";

	/** The driver under test, over an empty pipeline. */
	protected JobDriver driver;

	/**
	 * Creates the driver under test, over an empty pipeline of its own.
	 * @return the driver
	 */
	protected abstract JobDriver createDriver();

	/**
	 * Releases what a driver holds once its test ran; nothing by default.
	 * @param driver the driver under test
	 */
	protected void close(JobDriver driver) {
	}

	@BeforeEach
	void createDriverUnderTest() {
		this.driver = createDriver();
	}

	@AfterEach
	void closeDriverUnderTest() {
		close(this.driver);
	}

	@Test
	void takesAPushedJobAsItWasAndForgetsItOnceAcknowledged() {
		QueuedJob job = job("{\"n\":1}");
		this.driver.push(job).block();
		List<Delivery> taken = take(10);
		assertThat(taken).extracting(Delivery::job).containsExactly(job);
		assertThat(stats()).isEqualTo(new PipelineStats(0, 0, 1, 0));
		this.driver.ack(taken.get(0)).block();
		assertThat(stats()).isEqualTo(new PipelineStats(0, 0, 0, 0));
		assertThat(take(10)).isEmpty();
	}

	@Test
	void keepsPayloadsAsTheyWereWrittenAlsoWhileDelayed() {
		QueuedJob ready = job(TRICKY_PAYLOAD);
		QueuedJob delayed = delayedJob(TRICKY_PAYLOAD, 200);
		this.driver.push(ready).block();
		this.driver.push(delayed).block();
		List<QueuedJob> taken = new ArrayList<>();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			take(10).forEach((delivery) -> taken.add(delivery.job()));
			return taken.size() >= 2;
		});
		assertThat(taken).containsExactly(ready, delayed);
	}

	@Test
	void takesAtMostAsManyJobsAsAskedInTheOrderTheyWerePushed() {
		List<QueuedJob> jobs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			jobs.add(job("{\"n\":" + i + "}"));
			this.driver.push(jobs.get(i)).block();
		}
		assertThat(take(3)).extracting(Delivery::job).containsExactlyElementsOf(jobs.subList(0, 3));
		assertThat(take(10)).extracting(Delivery::job).containsExactlyElementsOf(jobs.subList(3, 5));
	}

	@Test
	void aTakeWaitsForAJobPushedMeanwhile() {
		QueuedJob job = job(TRICKY_PAYLOAD);
		long start = System.nanoTime();
		StepVerifier.create(this.driver.take(1, Duration.ofSeconds(20)))
			.then(() -> this.driver.push(job).block())
			.assertNext((taken) -> assertThat(taken).extracting(Delivery::job).containsExactly(job))
			.verifyComplete();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
	}

	@Test
	void aTakeGivesNothingOnceItWaitedInVain() {
		long start = System.nanoTime();
		assertThat(this.driver.take(1, Duration.ofMillis(300)).block(AT_MOST)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
	}

	@Test
	void takesADelayedJobOnlyOnceItIsDue() {
		QueuedJob job = delayedJob("{}", 400);
		this.driver.push(job).block();
		assertThat(take(10)).isEmpty();
		assertThat(stats()).isEqualTo(new PipelineStats(0, 1, 0, 0));
		List<Delivery> taken = awaitTake();
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(job.notBeforeMillis() - CLOCK_TOLERANCE_MILLIS);
		assertThat(taken).extracting(Delivery::job).containsExactly(job);
	}

	@Test
	void aRetryRunsTheJobAgainWithItsNewAttemptOnceDue() {
		QueuedJob job = job("{\"retry\":true}");
		this.driver.push(job).block();
		Delivery first = take(1).get(0);
		long notBefore = System.currentTimeMillis() + 400;
		this.driver.retry(first, 2, notBefore).block();
		assertThat(stats()).isEqualTo(new PipelineStats(0, 1, 0, 0));
		assertThat(take(10)).isEmpty();
		List<Delivery> again = awaitTake();
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(notBefore - CLOCK_TOLERANCE_MILLIS);
		assertThat(again).extracting(Delivery::job)
			.containsExactly(new QueuedJob(job.id(), job.payload(), 2, job.pushedAtMillis(), notBefore, 0));
		this.driver.ack(again.get(0)).block();
		assertThat(stats()).isEqualTo(new PipelineStats(0, 0, 0, 0));
	}

	@Test
	void aRetryDueAtOnceIsTakenAtOnce() {
		this.driver.push(job("{}")).block();
		Delivery first = take(1).get(0);
		this.driver.retry(first, 2, System.currentTimeMillis()).block();
		assertThat(take(10)).extracting((delivery) -> delivery.job().attempt()).containsExactly(2);
	}

	@Test
	void aDeadLetterLeavesThePipelineForItsDeadLetters() {
		QueuedJob job = job("{\"dead\":1}");
		this.driver.push(job).block();
		Delivery delivery = take(1).get(0);
		long before = System.currentTimeMillis();
		this.driver.deadLetter(delivery, "IllegalStateException: boom").block();
		long after = System.currentTimeMillis();
		assertThat(stats()).isEqualTo(new PipelineStats(0, 0, 0, 1));
		List<DeadLetter> deadLetters = this.driver.deadLetters(10).collectList().block();
		assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.id()).isEqualTo(job.id());
			assertThat(deadLetter.payload()).isEqualTo(job.payload());
			assertThat(deadLetter.attempts()).isEqualTo(1);
			assertThat(deadLetter.error()).isEqualTo("IllegalStateException: boom");
			assertThat(deadLetter.failedAtMillis()).isBetween(before - CLOCK_TOLERANCE_MILLIS,
					after + CLOCK_TOLERANCE_MILLIS);
		});
		assertThat(take(10)).isEmpty();
	}

	@Test
	void listsTheNewestDeadLettersFirst() {
		for (int i = 1; i <= 3; i++) {
			this.driver.push(job("{\"n\":" + i + "}")).block();
			this.driver.deadLetter(take(1).get(0), "failure " + i).block();
		}
		assertThat(this.driver.deadLetters(2).collectList().block()).extracting(DeadLetter::error)
			.containsExactly("failure 3", "failure 2");
		assertThat(this.driver.deadLetters(10).collectList().block()).hasSize(3);
	}

	@Test
	void countsWaitingDelayedInFlightAndDeadJobs() {
		for (int i = 0; i < 4; i++) {
			this.driver.push(job("{}")).block();
		}
		this.driver.push(delayedJob("{}", 3_600_000)).block();
		this.driver.push(delayedJob("{}", 3_600_000)).block();
		List<Delivery> taken = take(2);
		this.driver.deadLetter(taken.get(0), "failed").block();
		assertThat(stats()).isEqualTo(new PipelineStats(2, 2, 1, 1));
	}

	@Test
	void concurrentTakersNeverGetTheSameJob() throws Exception {
		int jobs = 3000;
		Flux.range(0, jobs).flatMap((i) -> this.driver.push(job("{\"n\":" + i + "}")), 64).blockLast(AT_MOST);
		Map<String, AtomicInteger> takes = new ConcurrentHashMap<>();
		AtomicInteger total = new AtomicInteger();
		ExecutorService takers = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				running.add(takers.submit(() -> {
					while (total.get() < jobs) {
						for (Delivery delivery : this.driver.take(7, Duration.ZERO).block(AT_MOST)) {
							takes.computeIfAbsent(delivery.job().id(), (id) -> new AtomicInteger()).incrementAndGet();
							total.incrementAndGet();
							this.driver.ack(delivery).block(AT_MOST);
						}
					}
				}));
			}
			for (Future<?> taker : running) {
				taker.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			takers.shutdownNow();
		}
		assertThat(takes).hasSize(jobs);
		assertThat(takes.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(total.get()).isEqualTo(jobs);
		assertThat(stats()).isEqualTo(new PipelineStats(0, 0, 0, 0));
	}

	/**
	 * Takes what is due without waiting.
	 * @param max the most jobs
	 * @return the jobs
	 */
	protected List<Delivery> take(int max) {
		return this.driver.take(max, Duration.ZERO).block(AT_MOST);
	}

	/**
	 * Returns the pipeline's counts.
	 * @return the counts
	 */
	protected PipelineStats stats() {
		return this.driver.stats().block(AT_MOST);
	}

	/**
	 * Returns a job due now, attempt {@code 1}.
	 * @param payload its payload
	 * @return the job
	 */
	protected static QueuedJob job(String payload) {
		long now = System.currentTimeMillis();
		return new QueuedJob(UUID.randomUUID().toString(), payload, 1, now, now, 0);
	}

	private static QueuedJob delayedJob(String payload, long delayMillis) {
		long now = System.currentTimeMillis();
		return new QueuedJob(UUID.randomUUID().toString(), payload, 1, now, now + delayMillis, 0);
	}

	private List<Delivery> awaitTake() {
		return await().atMost(AT_MOST)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.driver.take(10, Duration.ofMillis(50)).block(AT_MOST), (taken) -> !taken.isEmpty());
	}

}
