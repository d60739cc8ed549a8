package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import org.slf4j.MDC;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.AlwaysRebootStrategy;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.reboot.internal.RebootPolicy;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The pool owns every job's life: whatever throws or races around a job, the job is
 * answered and its worker comes back exactly once.
 */
class JobLifeTests {

	private final TestPools pools = new TestPools();

	@AfterEach
	void stopPools() {
		this.pools.stopAll();
	}

	private static <T> JobWork<T> work(Mono<T> result) {
		return (job) -> result;
	}

	@Test
	void aPoolListenerThatAlwaysThrowsCostsNoJobNoWorkerAndNoPlaceInTheQueue() {
		BoundedWorkerPool pool = this.pools.size(1).maxQueueSize(3).listener(new ThrowingListener()).start();
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		List<CompletableFuture<Integer>> waiting = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			waiting.add(pool.run(work(Mono.fromSupplier(() -> WorkerContext.current().orElseThrow().workerId())))
				.toFuture());
		}
		StepVerifier.create(pool.run(work(Mono.empty())))
			.expectErrorSatisfies((error) -> assertThat(((WorkerRejectedException) error).reason())
				.isEqualTo(RejectionReason.QUEUE_FULL))
			.verify(Duration.ofSeconds(5));
		end.tryEmitEmpty();
		assertThat(waiting)
			.allSatisfy((result) -> assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1));
		assertThat(pool.idleCount()).isEqualTo(1);
		assertThat(pool.waitingCount()).isZero();
		StepVerifier.create(pool.run(work(Mono.just("after")))).expectNext("after").verifyComplete();
	}

	@ParameterizedTest
	@EnumSource(BindingStep.class)
	void aBindingThatThrowsCostsNoJobNoWorkerAndLeavesNothingBound(BindingStep failing) {
		BoundedWorkerPool pool = this.pools.size(1).bindings((job) -> new ThrowingBinding(failing)).start();
		for (int i = 1; i <= 5; i++) {
			StepVerifier
				.create(pool.run(work(Mono.fromSupplier(() -> WorkerContext.current().orElseThrow().jobNumber()))))
				.expectNext((long) i)
				.verifyComplete();
			assertThat(pool.idleCount()).isEqualTo(1);
		}
		assertThat(WorkerContextHolder.get()).as("no job left bound").isNull();
		assertThat(MDC.get("workerId")).isNull();
	}

	@Test
	void workThatThrowsWhileStartingFailsItsJobAndGivesTheWorkerBack() {
		List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
		PoolListener listener = outcomesTo(outcomes);
		BoundedWorkerPool pool = this.pools.size(1).listener(listener).start();
		JobWork<Void> throwing = (job) -> {
			throw new IllegalStateException("cannot start");
		};
		StepVerifier.create(pool.run(throwing)).expectErrorMessage("cannot start").verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.idleCount() == 1);
		assertThat(outcomes).containsExactly(JobOutcome.ERROR);
		assertThat(WorkerContextHolder.get()).isNull();
	}

	@Test
	void aLongLineOfWorkThatCompletesAsItStartsStartsEachJobAfterThePreviousOneNotInsideIt() {
		int waiting = 10_000;
		BoundedWorkerPool pool = this.pools.size(1).maxQueueSize(waiting).start();
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		AtomicInteger deepest = new AtomicInteger();
		JobWork<Integer> measuring = (job) -> {
			deepest.accumulateAndGet(StackWalker.getInstance().walk(Stream::count).intValue(), Math::max);
			return Mono.just(1);
		};
		List<CompletableFuture<Integer>> results = new ArrayList<>();
		for (int i = 0; i < waiting; i++) {
			results.add(pool.run(measuring).toFuture());
		}
		assertThat(pool.waitingCount()).isEqualTo(waiting);
		int here = StackWalker.getInstance().walk(Stream::count).intValue();
		end.tryEmitEmpty(); // each job ends as it starts, freeing the worker to the next
		assertThat(results).allSatisfy((result) -> assertThat(result).isCompletedWithValue(1));
		assertThat(deepest.get() - here).as("frames from the first end to the deepest start").isLessThan(200);
		assertThat(pool.idleCount()).isEqualTo(1);
	}

	@Test
	void cancellationsRacingWithQueueingLeaveNoObservationOpenAndNothingWaiting() {
		ObservationRegistry registry = ObservationRegistry.create();
		CountingHandler handler = new CountingHandler();
		registry.observationConfig().observationHandler(handler);
		BoundedWorkerPool pool = this.pools.size(1)
			.maxQueueSize(10_000)
			.observations(new WorkerObservations(registry))
			.start();
		Sinks.Empty<Void> end = Sinks.empty();
		pool.run(work(end.asMono())).subscribe();
		for (int i = 0; i < 5_000; i++) {
			Grabbing subscriber = new Grabbing();
			Mono<Void> queued = pool.run(work(Mono.empty()));
			RaceTestUtils.race(() -> queued.subscribe(subscriber), subscriber::cancelOnceSubscribed);
		}
		end.tryEmitEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.idleCount() == 1);
		assertThat(pool.waitingCount()).isZero();
		assertThat(handler.started.get()).as("queue observations started").isPositive();
		assertThat(handler.stopped.get()).as("queue observations stopped").isEqualTo(handler.started.get());
	}

	@Test
	void aJobQueuedAsThePoolStopsIsRejectedRatherThanLeftWaiting() {
		for (int i = 0; i < 200; i++) {
			BoundedWorkerPool pool = this.pools.size(1)
				.allocateTimeout(Duration.ofMinutes(1))
				.destroyTimeout(Duration.ZERO)
				.start();
			pool.run(work(Mono.never())).subscribe();
			List<CompletableFuture<Void>> queued = new ArrayList<>();
			RaceTestUtils.race(() -> queued.add(pool.run(work(Mono.<Void>empty())).toFuture()), pool::stop);
			assertThat(queued.get(0)).as("race %d", i)
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOfSatisfying(WorkerRejectedException.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.DRAINING));
		}
	}

	@Test
	void aFailedStartWaitsForTheKernelsStillBootingAndDestroysThem() {
		Tracked.reset();
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerScope(WorkerScope.NAME, new WorkerScope());
		RootBeanDefinition tracked = new RootBeanDefinition(Tracked.class);
		tracked.setScope(WorkerScope.NAME);
		tracked.setDestroyMethodName("close");
		beanFactory.registerBeanDefinition("tracked", tracked);
		KernelBootstrap bootstrap = new KernelBootstrap(beanFactory, List.of("tracked"),
				new MiddlewareResolver(List.of()), WorkerResetAdapter.NONE, UseAfterJob.warn(),
				TestKernelThreads.configured());
		BoundedWorkerPool pool = this.pools.size(3).bootstrap(bootstrap).build();
		assertThatIllegalStateException().isThrownBy(pool::start).withMessageContaining("Worker 1 could not boot");
		assertThat(Tracked.created.get()).as("kernels 2 and 3 booted").isEqualTo(2);
		assertThat(Tracked.destroyed.get()).as("and were destroyed before start() returned").isEqualTo(2);
	}

	@Test
	void aWorkerBackFromARebootAsThePoolStopsStaysStopped() {
		for (int i = 0; i < 2000; i++) {
			BoundedWorkerPool pool = this.pools.size(1)
				.policy(new RebootPolicy(List.of(new AlwaysRebootStrategy())))
				.destroyTimeout(Duration.ZERO)
				.start();
			Worker worker = pool.tryAcquire(false);
			KernelJob job = worker.startJob(null);
			RaceTestUtils.race(job::release, pool::stop);
			assertThat(worker.state()).as("race %d", i).isEqualTo(WorkerState.STOPPED);
			assertThat(pool.idleCount()).as("race %d: idle after stop", i).isZero();
		}
	}

	@Test
	void blockingWorkRacingItsCancellationAlwaysGivesTheWorkerBackOnce() {
		BoundedWorkerPool pool = this.pools.size(2).start();
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 2_000; i++) {
			Grabbing subscriber = new Grabbing();
			Mono<Void> job = pool.run(() -> {
				ran.incrementAndGet();
				return null;
			});
			RaceTestUtils.race(() -> job.subscribe(subscriber), subscriber::cancelOnceSubscribed);
			// a work that started frees its worker once it returned, on the kernel's
			// thread
			await().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> pool.idleCount() == 2);
			assertThat(pool.count(WorkerState.BUSY)).as("race %d", i).isZero();
		}
		assertThat(ran).as("works that started before their cancellation").hasPositiveValue();
		assertThat(pool.run(() -> "after").block(Duration.ofSeconds(10))).isEqualTo("after");
	}

	@Test
	void aJobCancelledWhileItsWorkerIsOnTheWayEndsAtOnceAndGivesTheWorkerBack() {
		List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
		PoolListener listener = outcomesTo(outcomes);
		BoundedWorkerPool pool = this.pools.size(1).listener(listener).start();
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 2_000; i++) {
			Grabbing subscriber = new Grabbing();
			Mono<Void> job = pool.run((started) -> Mono.<Void>never().doOnSubscribe((s) -> ran.incrementAndGet()));
			RaceTestUtils.race(() -> job.subscribe(subscriber), subscriber::cancelOnceSubscribed);
			assertThat(pool.idleCount()).as("race %d", i).isEqualTo(1);
		}
		assertThat(ran).as("jobs whose work started").hasPositiveValue();
		assertThat(outcomes).hasSizeGreaterThanOrEqualTo(ran.get()).containsOnly(JobOutcome.CANCELLED);
		assertThat(pool.waitingCount()).isZero();
	}

	@Test
	void aTimeoutRacingWithTheWorkersArrivalAnswersTheJobOnceAndLosesNoWorker() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		BoundedWorkerPool pool = this.pools.size(1).allocateTimeout(Duration.ofSeconds(30)).timer(time).start();
		for (int i = 0; i < 2_000; i++) {
			Sinks.Empty<Void> end = Sinks.empty();
			pool.run(work(end.asMono())).subscribe();
			CompletableFuture<String> queued = pool.run(work(Mono.just("served"))).toFuture();
			RaceTestUtils.race(() -> time.advanceTimeBy(Duration.ofSeconds(30)), end::tryEmitEmpty);
			assertThat(queued).as("race %d", i).isDone();
			if (!queued.isCompletedExceptionally()) {
				assertThat(queued.join()).isEqualTo("served");
			}
			else {
				assertThat(queued).failsWithin(Duration.ZERO)
					.withThrowableThat()
					.havingCause()
					.isInstanceOfSatisfying(WorkerRejectedException.class,
							(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.TIMEOUT));
			}
			assertThat(pool.idleCount()).as("race %d", i).isEqualTo(1);
			assertThat(pool.waitingCount()).isZero();
		}
	}

	private static PoolListener outcomesTo(List<JobOutcome> outcomes) {
		return new PoolListener() {
			@Override
			public void jobFinished(Job job, JobOutcome outcome) {
				outcomes.add(outcome);
			}
		};
	}

	enum BindingStep {

		CREATE, BIND, RESTORE, WRITE

	}

	private static final class ThrowingBinding implements JobBinding {

		private final BindingStep failing;

		ThrowingBinding(BindingStep failing) {
			if (failing == BindingStep.CREATE) {
				throw new IllegalStateException("cannot create");
			}
			this.failing = failing;
		}

		@Override
		public @Nullable Object bind() {
			if (this.failing == BindingStep.BIND) {
				throw new IllegalStateException("cannot bind");
			}
			return "token";
		}

		@Override
		public void restore(@Nullable Object token) {
			if (this.failing == BindingStep.RESTORE) {
				throw new IllegalStateException("cannot restore");
			}
		}

		@Override
		public Context write(Context context) {
			if (this.failing == BindingStep.WRITE) {
				throw new IllegalStateException("cannot write");
			}
			return context;
		}

	}

	private static final class ThrowingListener implements PoolListener {

		@Override
		public void jobStarted(Job job) {
			throw new IllegalStateException("jobStarted");
		}

		@Override
		public void jobFinished(Job job, JobOutcome outcome) {
			throw new IllegalStateException("jobFinished");
		}

		@Override
		public void waited(long nanos) {
			throw new IllegalStateException("waited");
		}

		@Override
		public void rejected(RejectionReason reason) {
			throw new IllegalStateException("rejected");
		}

		@Override
		public void rebootStarted(int workerId) {
			throw new IllegalStateException("rebootStarted");
		}

		@Override
		public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
			throw new IllegalStateException("kernelBooted");
		}

	}

	/** Cancels from another thread as soon as it has its subscription. */
	private static final class Grabbing extends BaseSubscriber<Void> {

		private volatile boolean subscribed;

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			this.subscribed = true;
			subscription.request(Long.MAX_VALUE);
		}

		void cancelOnceSubscribed() {
			while (!this.subscribed) {
				Thread.onSpinWait();
			}
			cancel();
		}

	}

	private static final class CountingHandler implements ObservationHandler<Observation.Context> {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger stopped = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			if ("worker.queue".equals(context.getName())) {
				this.started.incrementAndGet();
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			if ("worker.queue".equals(context.getName())) {
				this.stopped.incrementAndGet();
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/** A worker-scoped bean whose first kernel fails to boot, the others slowly. */
	public static class Tracked {

		static final AtomicInteger created = new AtomicInteger();

		static final AtomicInteger destroyed = new AtomicInteger();

		static final CountDownLatch never = new CountDownLatch(1);

		static void reset() {
			created.set(0);
			destroyed.set(0);
		}

		Tracked() throws InterruptedException {
			if (WorkerContext.current().orElseThrow().workerId() == 1) {
				throw new IllegalStateException("worker 1 cannot boot");
			}
			// still booting when worker 1 has failed
			never.await(200, TimeUnit.MILLISECONDS);
			created.incrementAndGet();
		}

		public void close() {
			destroyed.incrementAndGet();
		}

	}

}
