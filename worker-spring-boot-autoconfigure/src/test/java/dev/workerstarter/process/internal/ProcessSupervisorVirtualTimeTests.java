package dev.workerstarter.process.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.metrics.internal.WorkerProcessMeters;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.internal.BoundedWorkerPool;
import dev.workerstarter.pool.internal.KernelBootstrap;
import dev.workerstarter.pool.internal.SupervisorLimits;
import dev.workerstarter.process.ProcessContext;
import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.internal.RebootPolicy;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart schedule in virtual time: the processes run on a real pool's workers, while
 * the supervisor's delays and clock are a {@link VirtualTimeScheduler}'s, so that a
 * restart happens exactly when its delay has passed and not a tick before.
 */
class ProcessSupervisorVirtualTimeTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final Backoff BACKOFF = Backoff.of("worker.processes", Duration.ofSeconds(1), Duration.ofSeconds(5),
			2.0, Duration.ofMinutes(1));

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final BoundedWorkerPool pool = pool();

	private @Nullable ProcessSupervisor supervisor;

	@AfterEach
	void stop() {
		if (this.supervisor != null) {
			this.supervisor.stop();
		}
		this.pool.stop();
		this.time.dispose();
	}

	@Test
	void aProcessThatKeepsThrowingIsStartedAgainAfterGrowingDelaysUpToTheMaximum() {
		Scripted process = new Scripted();
		ProcessSupervisor supervisor = start(process);
		long[] delays = { 1000, 2000, 4000, 5000, 5000 };
		for (int restart = 0; restart < delays.length; restart++) {
			int runs = restart + 1;
			ProcessInfo info = awaitBackingOff(supervisor, runs);
			assertThat(info.nextStart()).isEqualTo(now().plusMillis(delays[restart]));
			assertThat(info.restarts()).isEqualTo(restart);
			this.time.advanceTimeBy(Duration.ofMillis(delays[restart] - 1));
			assertThat(only(supervisor).state()).as("a tick before its delay").isEqualTo(ProcessState.BACKING_OFF);
			assertThat(process.runs.get()).isEqualTo(runs);
			this.time.advanceTimeBy(Duration.ofMillis(1));
			assertThat(only(supervisor).restarts()).as("started again on the tick").isEqualTo(restart + 1);
		}
		awaitBackingOff(supervisor, delays.length + 1);
		assertThat(this.registry.get("worker.processes.restarts").tag("cause", "exception").counter().count())
			.isEqualTo(delays.length);
		assertThat(only(supervisor).lastExit()).isEqualTo(ExitCause.EXCEPTION);
		assertThat(only(supervisor).lastFailure())
			.isEqualTo(new ProcessInfo.Failure(IllegalStateException.class.getName(), "run " + (delays.length + 1)));
	}

	@Test
	void aRunThatLastedStableAfterStartsTheDelaysOver() throws InterruptedException {
		Scripted process = new Scripted();
		ProcessSupervisor supervisor = start(process);
		awaitBackingOff(supervisor, 1);
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		awaitBackingOff(supervisor, 2);
		assertThat(only(supervisor).nextStart()).isEqualTo(now().plusSeconds(2));
		CountDownLatch release = process.holdNextRun();
		this.time.advanceTimeBy(Duration.ofSeconds(2));
		await().atMost(DEADLINE).until(() -> only(supervisor).state() == ProcessState.RUNNING);
		assertThat(only(supervisor).runningSince()).isEqualTo(now());
		this.time.advanceTimeBy(Duration.ofMinutes(1));
		release.countDown();
		ProcessInfo info = awaitBackingOff(supervisor, 3);
		assertThat(info.nextStart()).as("back to the initial backoff").isEqualTo(now().plusSeconds(1));
	}

	@Test
	void aProcessThatReturnsIsStartedAgainLikeOneThatThrows() {
		AtomicInteger runs = new AtomicInteger();
		ProcessSupervisor supervisor = start(
				(context) -> assertThat(context.restarts()).isEqualTo(runs.getAndIncrement()));
		awaitBackingOff(supervisor, 1);
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		ProcessInfo info = awaitBackingOff(supervisor, 2);
		assertThat(runs).hasValue(2);
		assertThat(info.lastExit()).isEqualTo(ExitCause.RETURNED);
		assertThat(info.lastFailure()).isNull();
		assertThat(info.nextStart()).isEqualTo(now().plusSeconds(2));
		assertThat(this.registry.get("worker.processes.restarts").tag("cause", "returned").counter().count()).isOne();
	}

	@Test
	void aRestartRejectedByADrainingPoolIsNotRetried() {
		Scripted process = new Scripted();
		ProcessSupervisor supervisor = start(process);
		awaitBackingOff(supervisor, 1);
		this.pool.stopAccepting();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		await().atMost(DEADLINE).until(() -> only(supervisor).state() == ProcessState.STOPPED);
		this.time.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(only(supervisor).state()).isEqualTo(ProcessState.STOPPED);
		assertThat(only(supervisor).nextStart()).isNull();
		assertThat(process.runs).hasValue(1);
	}

	@Test
	void aStopCancelsTheNextStart() {
		Scripted process = new Scripted();
		ProcessSupervisor supervisor = start(process);
		awaitBackingOff(supervisor, 1);
		supervisor.stop();
		assertThat(only(supervisor).state()).isEqualTo(ProcessState.STOPPED);
		assertThat(only(supervisor).nextStart()).isNull();
		this.time.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(process.runs).hasValue(1);
		assertThat(supervisor.isSupervising()).isFalse();
	}

	private ProcessSupervisor start(WorkerProcess process) {
		ProcessSupervisor supervisor = new ProcessSupervisor(
				new ProcessSupervisor.Settings(BACKOFF, Duration.ofSeconds(5), "worker.processes.destroy-timeout"),
				this.pool, Map.of("scripted", process), this.time, new WorkerProcessMeters(this.registry), (event) -> {
				});
		this.supervisor = supervisor;
		supervisor.start();
		return supervisor;
	}

	private ProcessInfo awaitBackingOff(ProcessSupervisor supervisor, int runs) {
		await().atMost(DEADLINE)
			.until(() -> only(supervisor).state() == ProcessState.BACKING_OFF
					&& only(supervisor).restarts() == runs - 1);
		return only(supervisor);
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.time.now(TimeUnit.MILLISECONDS));
	}

	private static ProcessInfo only(ProcessSupervisor supervisor) {
		List<ProcessInfo> processes = supervisor.processes();
		assertThat(processes).hasSize(1);
		return processes.get(0);
	}

	private static BoundedWorkerPool pool() {
		KernelBootstrap bootstrap = new KernelBootstrap(new DefaultListableBeanFactory(), List.of(),
				new MiddlewareResolver(List.of()), WorkerResetAdapter.NONE, UseAfterJob.warn(),
				TestKernelThreads.configured());
		BoundedWorkerPool pool = new BoundedWorkerPool(
				BoundedWorkerPool.Settings.of("processes", "worker.pools.processes", 1, 16, Duration.ofSeconds(30),
						Duration.ofSeconds(5)),
				SupervisorLimits.OFF, bootstrap, new RebootPolicy(List.of(new OnExceptionRebootStrategy(List.of()))),
				(event) -> {
				}, Schedulers.parallel(), System::nanoTime, PoolListener.NONE, WorkerObservations.NONE,
				JobBinding.Factory.NONE);
		pool.start();
		return pool;
	}

	// Throws at once, unless told to hold its next run until released.
	private static final class Scripted implements WorkerProcess {

		final AtomicInteger runs = new AtomicInteger();

		private volatile @Nullable CountDownLatch hold;

		CountDownLatch holdNextRun() {
			CountDownLatch latch = new CountDownLatch(1);
			this.hold = latch;
			return latch;
		}

		@Override
		public void run(ProcessContext context) throws InterruptedException {
			int run = this.runs.incrementAndGet();
			CountDownLatch latch = this.hold;
			if (latch != null) {
				this.hold = null;
				latch.await();
			}
			throw new IllegalStateException("run " + run);
		}

	}

}
