package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.event.WorkerStartedEvent;
import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.metrics.internal.WorkerPoolMeters;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.reboot.internal.RebootPolicy;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool on its own: FIFO hand-over, timeouts in virtual time, cancellation, rejection
 * and many threads racing for few workers.
 */
class WorkerPoolTests {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final TestPools pools = new TestPools();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private BoundedWorkerPool pool(int size, int maxQueueSize, Duration allocateTimeout,
			reactor.core.scheduler.Scheduler timer) {
		return pool(size, maxQueueSize, allocateTimeout, timer,
				new RebootPolicy(List.of(new OnExceptionRebootStrategy(List.of()))));
	}

	private BoundedWorkerPool pool(int size, int maxQueueSize, Duration allocateTimeout,
			reactor.core.scheduler.Scheduler timer, RebootPolicy policy) {
		return this.pools.size(size)
			.maxQueueSize(maxQueueSize)
			.allocateTimeout(allocateTimeout)
			.timer(timer)
			.policy(policy)
			.events(this.events::add)
			.listener(new WorkerPoolMeters(this.meters, "default"))
			.start();
	}

	@AfterEach
	void stopPools() {
		this.pools.stopAll();
	}

	private double jobs(String outcome) {
		return this.meters.get("worker.job.duration").tag("outcome", outcome).functionTimer().count();
	}

	private double rejected(String reason) {
		return this.meters.get("worker.rejected").tag("reason", reason).counter().count();
	}

	private static void finish(Worker worker) {
		worker.startJob(null).release();
	}

	// Runs until the returned sink is told to end: the worker is held meanwhile.
	private static JobWork<Void> held(Sinks.Empty<Void> end, List<Integer> started, int index) {
		return (job) -> {
			started.add(index);
			return end.asMono();
		};
	}

	private static <T> JobWork<T> work(Mono<T> result) {
		return (job) -> result;
	}

	@Test
	void startsEveryWorkerBeforeTakingJobsAndStopsThemAll() {
		BoundedWorkerPool pool = pool(3, 10, Duration.ofSeconds(1), Schedulers.parallel());
		assertThat(pool.idleCount()).isEqualTo(3);
		assertThat(this.events).hasSize(3)
			.allSatisfy((event) -> assertThat(event).isInstanceOf(WorkerStartedEvent.class));
		pool.stop();
		assertThat(this.events.subList(3, 6))
			.allSatisfy((event) -> assertThat(event).isInstanceOf(WorkerStoppedEvent.class));
		assertThat(pool.isRunning()).isFalse();
	}

	@Test
	void handsAFreedWorkerToTheLongestWaitingJob() {
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), Schedulers.parallel());
		List<Integer> order = new CopyOnWriteArrayList<>();
		List<Sinks.Empty<Void>> ends = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Sinks.Empty<Void> end = Sinks.empty();
			ends.add(end);
			pool.run(held(end, order, i)).subscribe();
		}
		assertThat(order).containsExactly(0);
		assertThat(pool.waitingCount()).isEqualTo(3);
		assertThat(pool.tryAcquire(false)).as("nobody jumps the queue").isNull();
		for (int i = 0; i < 3; i++) {
			ends.get(i).tryEmitEmpty();
		}
		assertThat(order).containsExactly(0, 1, 2, 3);
		ends.get(3).tryEmitEmpty();
		assertThat(pool.idleCount()).isEqualTo(1);
		assertThat(pool.waitingCount()).isZero();
		assertThat(this.meters.get("worker.queue.wait").timer().count()).as("jobs that waited").isEqualTo(3);
		assertThat(jobs("success")).isEqualTo(4);
	}

	// Blocking work submitted from many threads at once waits in line while a worker
	// wakes
	// and is matched by the woken workers: every job runs once, on a kernel thread, and
	// every wake-up is accounted for, so that work submitted afterwards still takes an
	// idle worker at once (a wake counted and never ended would leave it in line until
	// its allocate timeout).
	@RepeatedTest(5)
	void burstsOfBlockingWorkFromManyThreadsAllRunOnKernelThreadsAndLeaveNoWorkerWaking() throws Exception {
		BoundedWorkerPool pool = pool(4, 10_000, Duration.ofSeconds(30), Schedulers.parallel());
		int submitters = 4;
		int perSubmitter = 500;
		ExecutorService threads = Executors.newFixedThreadPool(submitters);
		try {
			List<Future<List<String>>> bursts = new ArrayList<>();
			CountDownLatch go = new CountDownLatch(1);
			for (int i = 0; i < submitters; i++) {
				bursts.add(threads.submit(() -> {
					go.await();
					return Flux.range(0, perSubmitter)
						.flatMap((n) -> pool.run(() -> Thread.currentThread().getName()), perSubmitter)
						.collectList()
						.block(Duration.ofSeconds(30));
				}));
			}
			go.countDown();
			for (Future<List<String>> burst : bursts) {
				assertThat(burst.get(30, TimeUnit.SECONDS)).hasSize(perSubmitter)
					.allSatisfy((thread) -> assertThat(thread).contains("kernel"));
			}
		}
		finally {
			threads.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.idleCount() == 4);
		for (int i = 0; i < 8; i++) {
			assertThat(pool.run(() -> "after").block(Duration.ofSeconds(5))).isEqualTo("after");
		}
		assertThat(pool.waitingCount()).isZero();
		// A job's answer goes out before its end is counted.
		await().atMost(Duration.ofSeconds(10)).until(() -> jobs("success") == submitters * perSubmitter + 8);
	}

	@Test
	void rejectsAfterTheAllocateTimeoutInVirtualTime() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), time);
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		StepVerifier.create(pool.run(work(Mono.just("never run"))))
			.expectSubscription()
			.then(() -> time.advanceTimeBy(Duration.ofSeconds(29)))
			.expectNoEvent(Duration.ZERO)
			.then(() -> assertThat(pool.waitingCount()).isEqualTo(1))
			.then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(WorkerRejectedException.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.TIMEOUT)))
			.verify(Duration.ofSeconds(5));
		assertThat(pool.waitingCount()).isZero();
		assertThat(rejected("timeout")).isEqualTo(1);
		assertThat(this.meters.get("worker.queue.wait").timer().count()).isZero();
		end.tryEmitEmpty();
		assertThat(pool.idleCount()).isEqualTo(1);
	}

	@Test
	void aWorkerFreedBeforeTheTimeoutRunsTheJobAndTheTimeoutNeverFires() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), time);
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		StepVerifier.create(pool.run(work(Mono.fromSupplier(() -> WorkerContext.current().orElseThrow().workerId()))))
			.expectSubscription()
			.then(() -> time.advanceTimeBy(Duration.ofSeconds(10)))
			.then(end::tryEmitEmpty)
			.expectNext(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		time.advanceTimeBy(Duration.ofMinutes(1));
		assertThat(pool.waitingCount()).isZero();
		assertThat(pool.idleCount()).isEqualTo(1);
		assertThat(rejected("timeout")).isZero();
	}

	// One timer follows the whole line: each waiter still times out at its own deadline,
	// whoever leaves the line early (served or cancelled) moves nobody's, and the timer
	// comes back for waiters that join after the line was empty.
	@Test
	void everyWaiterTimesOutAtItsOwnDeadlineInVirtualTime() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), time);
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		List<String> outcomes = new CopyOnWriteArrayList<>();
		Disposable cancelled = pool.run(work(Mono.just("cancelled"))).subscribe();
		time.advanceTimeBy(Duration.ofSeconds(5));
		waitAndRecord(pool, "at 5s", outcomes);
		time.advanceTimeBy(Duration.ofSeconds(5));
		waitAndRecord(pool, "at 10s", outcomes);
		cancelled.dispose();
		time.advanceTimeBy(Duration.ofSeconds(24));
		assertThat(outcomes).as("none is past its deadline at 34s").isEmpty();
		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(outcomes).containsExactly("at 5s: timeout");
		time.advanceTimeBy(Duration.ofSeconds(4));
		assertThat(outcomes).as("one second before its deadline").containsExactly("at 5s: timeout");
		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(outcomes).containsExactly("at 5s: timeout", "at 10s: timeout");
		assertThat(pool.waitingCount()).isZero();
		time.advanceTimeBy(Duration.ofMinutes(5));
		Sinks.Empty<Void> hold = Sinks.empty();
		waitAndRecord(pool, "at 5m40s", hold.asMono(), outcomes);
		time.advanceTimeBy(Duration.ofSeconds(10));
		waitAndRecord(pool, "at 5m50s", Mono.empty(), outcomes);
		time.advanceTimeBy(Duration.ofSeconds(15));
		end.tryEmitEmpty(); // the worker goes to the one at 5m40s, which holds it
		time.advanceTimeBy(Duration.ofSeconds(14));
		assertThat(outcomes).as("the one served before its deadline moved nobody's")
			.containsExactly("at 5s: timeout", "at 10s: timeout");
		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(outcomes).containsExactly("at 5s: timeout", "at 10s: timeout", "at 5m50s: timeout");
		hold.tryEmitEmpty();
		assertThat(outcomes).containsExactly("at 5s: timeout", "at 10s: timeout", "at 5m50s: timeout", "at 5m40s: ran");
		assertThat(rejected("timeout")).isEqualTo(3);
		assertThat(pool.waitingCount()).isZero();
		assertThat(pool.idleCount()).isEqualTo(1);
	}

	private static void waitAndRecord(BoundedWorkerPool pool, String name, List<String> outcomes) {
		waitAndRecord(pool, name, Mono.empty(), outcomes);
	}

	private static void waitAndRecord(BoundedWorkerPool pool, String name, Mono<Void> work, List<String> outcomes) {
		pool.run(work(work.then(Mono.just(name + ": ran")))).subscribe(outcomes::add, (error) -> {
			WorkerRejectedException rejected = (WorkerRejectedException) error;
			outcomes.add(name + ": " + rejected.reason().name().toLowerCase(Locale.ROOT));
		});
	}

	@Test
	void rejectsAtOnceWhenTheQueueIsFull() {
		BoundedWorkerPool pool = pool(1, 1, Duration.ofSeconds(30), Schedulers.parallel());
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		Disposable waiting = pool.run(work(Mono.empty())).subscribe();
		StepVerifier.create(pool.run(work(Mono.empty())))
			.expectErrorSatisfies((error) -> assertThat(((WorkerRejectedException) error).reason())
				.isEqualTo(RejectionReason.QUEUE_FULL))
			.verify(Duration.ofSeconds(5));
		waiting.dispose();
		assertThat(pool.waitingCount()).as("cancelled jobs leave the queue").isZero();
		assertThat(rejected("queue_full")).isEqualTo(1);
		assertThat(rejected("timeout") + rejected("draining")).isZero();
		end.tryEmitEmpty();
		assertThat(pool.idleCount()).isEqualTo(1);
		assertThat(jobs("success")).as("the cancelled job never ran").isEqualTo(1);
	}

	@Test
	void rejectsWaitingAndNewJobsWhenStopping() {
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), Schedulers.parallel());
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		AtomicInteger drained = new AtomicInteger();
		pool.run(work(Mono.empty())).subscribe(null, (error) -> {
			if (((WorkerRejectedException) error).reason() == RejectionReason.DRAINING) {
				drained.incrementAndGet();
			}
		});
		Thread releaser = new Thread(() -> {
			await().atMost(Duration.ofSeconds(5)).until(() -> drained.get() == 1);
			end.tryEmitEmpty();
		});
		releaser.start();
		pool.stop();
		assertThat(drained).hasValue(1);
		assertThat(pool.tryAcquire(false)).isNull();
		StepVerifier.create(pool.run(work(Mono.empty())))
			.expectErrorSatisfies((error) -> assertThat(((WorkerRejectedException) error).reason())
				.isEqualTo(RejectionReason.DRAINING))
			.verify(Duration.ofSeconds(5));
		assertThat(rejected("draining")).isEqualTo(2);
	}

	@Test
	void aFailingStrategyRebootsTheKernelInsteadOfLosingTheWorker() {
		KernelRebootStrategy broken = (job) -> {
			throw new IllegalStateException("cannot decide");
		};
		BoundedWorkerPool pool = pool(1, 10, Duration.ofSeconds(30), Schedulers.parallel(),
				new RebootPolicy(List.of(broken)));
		Worker worker = pool.tryAcquire(false);
		long generation = worker.kernel().generation();
		finish(worker);
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.idleCount() == 1);
		assertThat(this.events).filteredOn(WorkerKernelRebootedEvent.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((WorkerKernelRebootedEvent) event).reason())
				.isEqualTo(RebootReason.EXCEPTION));
		Worker rebooted = pool.tryAcquire(false);
		assertThat(rebooted.kernel().generation()).isEqualTo(generation + 1);
		finish(rebooted);
	}

	@RepeatedTest(5)
	void manyThreadsRacingForFewWorkersNeverExceedThePoolAndLoseNoWorker() throws Exception {
		int size = 3;
		BoundedWorkerPool pool = pool(size, 10_000, Duration.ofSeconds(30), Schedulers.parallel());
		AtomicInteger busy = new AtomicInteger();
		AtomicInteger maxBusy = new AtomicInteger();
		AtomicInteger jobs = new AtomicInteger();
		int threads = 8;
		int perThread = 2_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					pool.run(work(Mono.<Void>fromRunnable(() -> {
						maxBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
						jobs.incrementAndGet();
						busy.decrementAndGet();
					}))).block(Duration.ofSeconds(10));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(jobs).hasValue(threads * perThread);
		assertThat(jobs("success")).as("every job timed once").isEqualTo(threads * perThread);
		assertThat(maxBusy.get()).isLessThanOrEqualTo(size);
		assertThat(pool.idleCount()).isEqualTo(size);
		assertThat(pool.waitingCount()).isZero();
	}

	// The line's one timer against deliveries and cancellations from many threads: every
	// job either runs or is timed out, exactly once, and no worker or waiter is left.
	@RepeatedTest(5)
	void timeoutsRacingWithDeliveriesAndCancellationsAnswerEveryJobOnce() throws Exception {
		BoundedWorkerPool pool = pool(2, 10_000, Duration.ofMillis(2), Schedulers.parallel());
		AtomicInteger ran = new AtomicInteger();
		AtomicInteger timedOut = new AtomicInteger();
		AtomicInteger other = new AtomicInteger();
		int threads = 4;
		int perThread = 1_000;
		CountDownLatch answered = new CountDownLatch(threads * perThread);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				for (int i = 0; i < perThread; i++) {
					pool.run(work(Mono.fromRunnable(ran::incrementAndGet).then(Mono.delay(Duration.ofMillis(1)))))
						.subscribe(null, (error) -> {
							boolean timeout = error instanceof WorkerRejectedException rejected
									&& rejected.reason() == RejectionReason.TIMEOUT;
							(timeout ? timedOut : other).incrementAndGet();
							answered.countDown();
						}, answered::countDown);
					pool.run(work(Mono.never())).subscribe().dispose();
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(answered.await(30, TimeUnit.SECONDS)).as("every job answered").isTrue();
		assertThat(other).as("only timeouts fail jobs").hasValue(0);
		assertThat(ran.get() + timedOut.get()).isEqualTo(threads * perThread);
		assertThat(timedOut).as("most jobs waited past 2 ms").hasPositiveValue();
		// A cancelled job whose timeout fired as its caller went away counts as timed
		// out.
		assertThat(rejected("timeout")).isGreaterThanOrEqualTo(timedOut.get());
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.idleCount() == 2);
		assertThat(pool.waitingCount()).isZero();
	}

	@RepeatedTest(5)
	void cancellationsRacingWithReleasesLoseNoWorker() throws Exception {
		BoundedWorkerPool pool = pool(2, 10_000, Duration.ofSeconds(30), Schedulers.parallel());
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			futures.add(executor.submit(() -> {
				for (int i = 0; i < 2_000; i++) {
					Disposable waiter = pool.run(work(Mono.never())).subscribe();
					waiter.dispose();
					pool.run(work(Mono.empty())).block(Duration.ofSeconds(10));
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.idleCount() == 2);
		assertThat(pool.waitingCount()).isZero();
	}

	@RepeatedTest(5)
	void rollingResetsRacingWithJobsRebootEveryWorkerOnceEachOneAtATime() throws Exception {
		int size = 3;
		int resets = 20;
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerScope(WorkerScope.NAME, new WorkerScope());
		RootBeanDefinition tracked = new RootBeanDefinition(RebootTracker.class);
		tracked.setScope(WorkerScope.NAME);
		tracked.setDestroyMethodName("close");
		beanFactory.registerBeanDefinition("tracker", tracked);
		RebootTracker.reset();
		KernelBootstrap bootstrap = new KernelBootstrap(beanFactory, List.of("tracker"),
				new MiddlewareResolver(List.of()), WorkerResetAdapter.NONE, UseAfterJob.warn(),
				TestKernelThreads.configured());
		BoundedWorkerPool pool = this.pools.size(size)
			.maxQueueSize(10_000)
			.bootstrap(bootstrap)
			.events(this.events::add)
			.listener(new WorkerPoolMeters(this.meters, "default"))
			.start();
		AtomicInteger jobs = new AtomicInteger();
		AtomicInteger stop = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			futures.add(executor.submit(() -> {
				while (stop.get() == 0) {
					pool.run(work(Mono.<Void>fromRunnable(jobs::incrementAndGet))).block(Duration.ofSeconds(10));
				}
				return null;
			}));
		}
		for (int i = 0; i < resets; i++) {
			pool.rollingReset().block(Duration.ofSeconds(10));
		}
		stop.set(1);
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(jobs.get()).isPositive();
		assertThat(this.events).filteredOn(WorkerKernelRebootedEvent.class::isInstance)
			.hasSize(resets * size)
			.allSatisfy(
					(event) -> assertThat(((WorkerKernelRebootedEvent) event).reason()).isEqualTo(RebootReason.RESET));
		assertThat(RebootTracker.mostAtOnce).as("kernels between destroy and boot at once").hasValue(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.idleCount() == size);
	}

	/**
	 * A worker-scoped bean marking each reboot from the old kernel's destroy to the new
	 * one's boot.
	 */
	public static class RebootTracker {

		static final AtomicInteger rebooting = new AtomicInteger();

		static final AtomicInteger mostAtOnce = new AtomicInteger();

		static void reset() {
			rebooting.set(0);
			mostAtOnce.set(0);
		}

		RebootTracker() {
			// the first boots follow no destroy
			rebooting.updateAndGet((n) -> Math.max(0, n - 1));
		}

		public void close() {
			mostAtOnce.accumulateAndGet(rebooting.incrementAndGet(), Math::max);
		}

	}

}
