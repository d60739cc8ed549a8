package dev.workerstarter.job.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

import dev.workerstarter.job.internal.JobDriver.DeadLetter;
import dev.workerstarter.job.internal.JobDriver.Delivery;
import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobDriver.QueuedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class InMemoryJobDriverTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryJobDriver driver = new InMemoryJobDriver("mail", 100_000, Clock.systemUTC());

	@Test
	void takesTheHighestPriorityFirstThenTheEarliestDue() {
		long now = System.currentTimeMillis();
		push(job("low-early", now - 30, 0));
		push(job("high-late", now - 10, 5));
		push(job("low-late", now - 20, 0));
		push(job("high-early", now - 40, 5));
		push(job("top", now - 5, 9));
		assertThat(ids(this.driver.take(10, Duration.ZERO).block(TIMEOUT))).containsExactly("top", "high-early",
				"high-late", "low-early", "low-late");
	}

	@Test
	void takesAtMostMaxAndLeavesTheRestWaiting() {
		for (int i = 0; i < 5; i++) {
			push(job("j" + i, 0, 0));
		}
		assertThat(this.driver.take(3, Duration.ZERO).block(TIMEOUT)).hasSize(3);
		assertThat(this.driver.stats().block(TIMEOUT)).isEqualTo(new PipelineStats(2, 0, 3, 0));
	}

	@Test
	void aDelayedJobIsNotTakenBeforeItIsDueAndWakesAWaitingTake() {
		long due = System.currentTimeMillis() + 300;
		push(job("later", due, 0));
		assertThat(this.driver.take(1, Duration.ZERO).block(TIMEOUT)).isEmpty();
		assertThat(this.driver.stats().block(TIMEOUT)).isEqualTo(new PipelineStats(0, 1, 0, 0));
		List<Delivery> taken = this.driver.take(1, TIMEOUT).block(TIMEOUT);
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(due);
		assertThat(ids(taken)).containsExactly("later");
	}

	@Test
	void aWaitingTakeIsWokenByAPushAndHoldsNoThread() {
		StepVerifier.create(this.driver.take(1, Duration.ofSeconds(30)).map(InMemoryJobDriverTests::ids))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> push(job("pushed", 0, 0)))
			.expectNext(List.of("pushed"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void aTakeWokenManyTimesWithoutAJobStillCompletesWhenOneComes() {
		List<List<Delivery>> taken = new CopyOnWriteArrayList<>();
		this.driver.take(1, Duration.ofSeconds(30)).subscribe(taken::add);
		// Every delayed push wakes the take, which finds nothing due and waits again.
		long later = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
		for (int i = 0; i < 50_000; i++) {
			push(job("later-" + i, later, 0));
		}
		assertThat(taken).isEmpty();
		push(job("now", 0, 0));
		await().atMost(TIMEOUT).until(() -> taken.size() == 1);
		assertThat(ids(taken.get(0))).containsExactly("now");
	}

	@Test
	void aTakeThatFindsNothingCompletesEmptyAfterItsWait() {
		StepVerifier.create(this.driver.take(1, Duration.ofMillis(100)))
			.expectNext(List.of())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void retryPutsTheJobBackWithItsNextAttemptAndDeadLetterKeepsItNewestFirst() {
		push(job("a", 0, 0));
		push(job("b", 0, 0));
		List<Delivery> taken = this.driver.take(2, Duration.ZERO).block(TIMEOUT);
		this.driver.retry(taken.get(0), 2, 0).block(TIMEOUT);
		this.driver.deadLetter(taken.get(1), "java.lang.IllegalStateException: b failed").block(TIMEOUT);
		Delivery again = this.driver.take(1, Duration.ZERO).block(TIMEOUT).get(0);
		assertThat(again.job().id()).isEqualTo("a");
		assertThat(again.job().attempt()).isEqualTo(2);
		assertThat(again.receipt()).isNotEqualTo(taken.get(0).receipt());
		this.driver.deadLetter(again, "java.lang.IllegalStateException: a failed").block(TIMEOUT);
		assertThat(this.driver.deadLetters(10).collectList().block(TIMEOUT))
			.extracting(DeadLetter::id, DeadLetter::attempts, DeadLetter::error)
			.containsExactly(tuple("a", 2, "java.lang.IllegalStateException: a failed"),
					tuple("b", 1, "java.lang.IllegalStateException: b failed"));
		assertThat(this.driver.stats().block(TIMEOUT)).isEqualTo(new PipelineStats(0, 0, 0, 2));
	}

	@Test
	void aDeliveryIsSettledOnce() {
		push(job("a", 0, 0));
		Delivery delivery = this.driver.take(1, Duration.ZERO).block(TIMEOUT).get(0);
		this.driver.ack(delivery).block(TIMEOUT);
		assertThatIllegalStateException().isThrownBy(() -> this.driver.ack(delivery).block(TIMEOUT))
			.withMessageContaining("already acknowledged");
		assertThatIllegalStateException().isThrownBy(() -> this.driver.retry(delivery, 2, 0).block(TIMEOUT));
		assertThat(this.driver.stats().block(TIMEOUT)).isEqualTo(new PipelineStats(0, 0, 0, 0));
	}

	@Test
	void aPushBeyondTheCapacityFailsNamingTheKey() {
		InMemoryJobDriver small = new InMemoryJobDriver("mail", 2, Clock.systemUTC());
		small.push(job("a", 0, 0)).block(TIMEOUT);
		small.push(job("b", Long.MAX_VALUE, 0)).block(TIMEOUT);
		assertThatIllegalStateException().isThrownBy(() -> small.push(job("c", 0, 0)).block(TIMEOUT))
			.withMessageContaining("worker.jobs.pipelines.mail.capacity");
		// A job taken leaves room; its retry is never refused.
		Delivery taken = small.take(1, Duration.ZERO).block(TIMEOUT).get(0);
		small.push(job("c", 0, 0)).block(TIMEOUT);
		small.retry(taken, 2, 0).block(TIMEOUT);
		assertThat(small.stats().block(TIMEOUT).waiting()).isEqualTo(2);
	}

	@Test
	void keepsTheNewestTenThousandDeadLetters() {
		int total = InMemoryJobDriver.MAX_DEAD_LETTERS + 5;
		for (int i = 0; i < total; i++) {
			push(job("d" + i, 0, 0));
			this.driver.deadLetter(this.driver.take(1, Duration.ZERO).block(TIMEOUT).get(0), "failed").block(TIMEOUT);
		}
		assertThat(this.driver.stats().block(TIMEOUT).deadLetters()).isEqualTo(InMemoryJobDriver.MAX_DEAD_LETTERS);
		assertThat(this.driver.deadLetters(2).map(DeadLetter::id).collectList().block(TIMEOUT))
			.containsExactly("d" + (total - 1), "d" + (total - 2));
	}

	@Test
	void twoTakersRacingForOneJobGetItOnceBetweenThem() {
		for (int i = 0; i < 2000; i++) {
			push(job("r" + i, 0, 0));
			AtomicReference<List<Delivery>> first = new AtomicReference<>();
			AtomicReference<List<Delivery>> second = new AtomicReference<>();
			RaceTestUtils.race(() -> first.set(this.driver.take(1, Duration.ZERO).block(TIMEOUT)),
					() -> second.set(this.driver.take(1, Duration.ZERO).block(TIMEOUT)));
			assertThat(first.get().size() + second.get().size()).as("takes of job %d", i).isEqualTo(1);
			List<Delivery> won = first.get().isEmpty() ? second.get() : first.get();
			this.driver.ack(won.get(0)).block(TIMEOUT);
		}
	}

	@Test
	void manyPushersAndWaitingTakersTakeEveryJobExactlyOnce() {
		int pushers = 8;
		int perPusher = 2500;
		int total = pushers * perPusher;
		Map<String, AtomicInteger> takes = new ConcurrentHashMap<>();
		AtomicInteger settled = new AtomicInteger();
		// Four takers, each waiting for jobs, then settling each with an ack, a retry
		// or a dead letter, as a pipeline does.
		List<Mono<Void>> takers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			takers.add(
					this.driver.take(7, Duration.ofMillis(20)).flatMapMany(Flux::fromIterable).concatMap((delivery) -> {
						takes
							.computeIfAbsent(delivery.job().id() + "#" + delivery.job().attempt(),
									(key) -> new AtomicInteger())
							.incrementAndGet();
						if (delivery.job().attempt() == 1 && delivery.job().id().hashCode() % 10 == 0) {
							return this.driver.retry(delivery, 2, 0);
						}
						settled.incrementAndGet();
						return (delivery.job().id().hashCode() % 7 == 0) ? this.driver.deadLetter(delivery, "dead")
								: this.driver.ack(delivery);
					}).then().repeat(() -> settled.get() < total).then().subscribeOn(Schedulers.parallel()));
		}
		Mono<Void> pushing = Flux.range(0, pushers)
			.parallel(pushers)
			.runOn(Schedulers.boundedElastic())
			.flatMap((p) -> Flux.range(0, perPusher).concatMap((i) -> this.driver.push(job("p" + p + "-" + i, 0, 0))))
			.then();
		Mono.when(Mono.when(takers), pushing).block(Duration.ofSeconds(60));
		assertThat(settled.get()).isEqualTo(total);
		long retried = takes.keySet().stream().filter((key) -> key.endsWith("#2")).count();
		assertThat(takes).hasSize(total + (int) retried).allSatisfy((key, count) -> assertThat(count.get()).isOne());
		PipelineStats stats = this.driver.stats().block(TIMEOUT);
		assertThat(stats.waiting() + stats.delayed() + stats.inFlight()).isZero();
	}

	private void push(QueuedJob job) {
		this.driver.push(job).block(TIMEOUT);
	}

	private static QueuedJob job(String id, long notBefore, int priority) {
		return new QueuedJob(id, "{}", 1, System.currentTimeMillis(), notBefore, priority);
	}

	private static List<String> ids(List<Delivery> deliveries) {
		return deliveries.stream().map((delivery) -> delivery.job().id()).toList();
	}

}
