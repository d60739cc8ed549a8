package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.metrics.internal.WorkerPoolMeters;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.reboot.internal.MemoryThreshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor's decisions at the limits, ticked by hand on a fake clock over a real
 * pool. Kernels and jobs are stamped with {@link System#nanoTime()}, so the clock is set
 * relative to those stamps. The pool's kernels hold no beans, so a reboot the supervisor
 * asks for runs on the thread that asked (the tick, or the release of a busy worker's
 * job): what a tick did not do is visible as soon as it returns.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerSupervisorTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final long NANOS = LIMIT.toNanos();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final TestPools pools = new TestPools();

	private final AtomicLong clock = new AtomicLong();

	private BoundedWorkerPool pool;

	private List<Worker> workers;

	@AfterEach
	void stopPools() {
		this.pools.stopAll();
	}

	private void startPool(int size) {
		this.pool = this.pools.size(size)
			.maxQueueSize(10)
			.events(this.events::add)
			.listener(new WorkerPoolMeters(new SimpleMeterRegistry(), "default"))
			.start();
		// Take every worker out and give it back, by id: the supervisor's own list.
		List<Worker> workers = new ArrayList<>();
		Worker worker;
		while ((worker = this.pool.tryAcquire(false)) != null) {
			workers.add(worker);
		}
		workers.sort(Comparator.comparingInt(Worker::id));
		workers.forEach(Worker::rejoin);
		assertThat(workers).hasSize(size);
		this.workers = List.copyOf(workers);
	}

	private WorkerSupervisor supervisor(SupervisorLimits limits) {
		return supervisor(limits, null);
	}

	private WorkerSupervisor supervisor(SupervisorLimits limits, @Nullable HeapWatch heap) {
		return new WorkerSupervisor(this.workers, this.pool.reboots(), limits, this.clock::get, heap);
	}

	private static SupervisorLimits limits(Duration execTtl, Duration ttl, Duration idleTtl) {
		return new SupervisorLimits(execTtl, ttl, idleTtl, Duration.ofSeconds(1), null, "worker.supervisor.exec-ttl");
	}

	private void tickAt(WorkerSupervisor supervisor, long nanos) {
		this.clock.set(nanos);
		supervisor.run();
	}

	// Takes the given worker out of the pool and starts a job on it.
	private KernelJob startJob(Worker worker) {
		assertThat(worker.leaveIdle()).as("idle").isTrue();
		return worker.startJob(null);
	}

	private void handleOneJob(Worker worker) {
		startJob(worker).release();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.state() == WorkerState.IDLE);
	}

	private List<WorkerKernelRebootedEvent> reboots() {
		return this.events.stream()
			.filter(WorkerKernelRebootedEvent.class::isInstance)
			.map(WorkerKernelRebootedEvent.class::cast)
			.toList();
	}

	private List<WorkerExceptionEvent> exceptions() {
		return this.events.stream()
			.filter(WorkerExceptionEvent.class::isInstance)
			.map(WorkerExceptionEvent.class::cast)
			.toList();
	}

	private void awaitReboots(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> reboots().size() >= count);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == this.workers.size());
		assertThat(reboots()).hasSize(count);
	}

	@Test
	void ttlRebootsAnIdleKernelAtTheLimitAndNotJustBelow() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, LIMIT, Duration.ZERO));
		tickAt(supervisor, kernel.createdNanos() + NANOS - 1);
		assertThat(reboots()).isEmpty();
		assertThat(worker.kernel()).isSameAs(kernel);
		tickAt(supervisor, kernel.createdNanos() + NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.TTL);
		assertThat(reboots().get(0).workerId()).isEqualTo(1);
		assertThat(worker.kernel()).isNotSameAs(kernel);
		assertThat(worker.kernel().generation()).isEqualTo(1);
	}

	@Test
	void ttlCountsFromEachKernelsCreation() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel first = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, LIMIT, Duration.ZERO));
		tickAt(supervisor, first.createdNanos() + NANOS);
		awaitReboots(1);
		Kernel second = worker.kernel();
		assertThat(second.createdNanos()).isGreaterThan(first.createdNanos());
		tickAt(supervisor, second.createdNanos() + NANOS - 1);
		assertThat(reboots()).hasSize(1);
		tickAt(supervisor, second.createdNanos() + NANOS);
		awaitReboots(2);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsExactly(RebootReason.TTL, RebootReason.TTL);
	}

	@Test
	void ttlRebootsABusyKernelOnlyOnceItsJobHasEnded() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, LIMIT, Duration.ZERO));
		KernelJob job = startJob(worker);
		tickAt(supervisor, kernel.createdNanos() + NANOS);
		assertThat(reboots()).as("the job goes on").isEmpty();
		assertThat(worker.currentJob()).isSameAs(job);
		// joins the pending request
		tickAt(supervisor, kernel.createdNanos() + NANOS + 1);
		job.release();
		awaitReboots(1);
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.TTL);
		assertThat(reboots().get(0).jobsHandled()).isEqualTo(1);
		assertThat(job.outcome()).isEqualTo(JobOutcome.SUCCESS);
	}

	@Test
	void ttlRebootsOnlyTheKernelsPastIt() {
		startPool(2);
		Kernel first = this.workers.get(0).kernel();
		Kernel second = this.workers.get(1).kernel();
		assertThat(second.createdNanos()).as("booted one after the other").isGreaterThan(first.createdNanos());
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, LIMIT, Duration.ZERO));
		tickAt(supervisor, first.createdNanos() + NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).workerId()).isEqualTo(1);
		assertThat(this.workers.get(1).kernel()).isSameAs(second);
	}

	@Test
	void idleTtlRebootsAKernelIdleForTheLimitAndNotJustBelow() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = 1_000;
		tickAt(supervisor, seen); // first seen idle: idle time starts here
		tickAt(supervisor, seen + NANOS - 1);
		assertThat(reboots()).isEmpty();
		assertThat(worker.kernel()).isSameAs(kernel);
		tickAt(supervisor, seen + NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.IDLE_TTL);
		assertThat(reboots().get(0).jobsHandled()).isEqualTo(1);
	}

	@Test
	void idleTtlIsMeasuredFromTheFirstTickThatSawTheKernelIdleNotFromItsLastJob() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = System.nanoTime() + 100 * NANOS; // long after the job
		tickAt(supervisor, seen);
		assertThat(reboots()).isEmpty();
		tickAt(supervisor, seen + NANOS - 1);
		assertThat(reboots()).isEmpty();
		tickAt(supervisor, seen + NANOS);
		awaitReboots(1);
	}

	@Test
	void idleTtlNeverRebootsAKernelThatHasHandledNoJob() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		for (long tick = 0; tick <= 10; tick++) {
			tickAt(supervisor, tick * NANOS);
		}
		assertThat(reboots()).isEmpty();
		assertThat(worker.kernel()).isSameAs(kernel);
	}

	@Test
	void aWorkerThatTookAJobBetweenTicksStartsItsIdleTimeAgain() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = 1_000;
		tickAt(supervisor, seen);
		handleOneJob(worker); // never seen busy, but the job count moved
		tickAt(supervisor, seen + NANOS);
		assertThat(reboots()).as("idle again since this tick").isEmpty();
		tickAt(supervisor, seen + 2 * NANOS - 1);
		assertThat(reboots()).isEmpty();
		tickAt(supervisor, seen + 2 * NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).jobsHandled()).isEqualTo(2);
	}

	@Test
	void aWorkerSeenBusyStartsItsIdleTimeAgainOnceIdle() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = 1_000;
		tickAt(supervisor, seen);
		KernelJob job = startJob(worker);
		tickAt(supervisor, seen + NANOS);
		tickAt(supervisor, seen + 3 * NANOS);
		assertThat(reboots()).as("busy").isEmpty();
		job.release();
		tickAt(supervisor, seen + 4 * NANOS); // idle from here
		tickAt(supervisor, seen + 5 * NANOS - 1);
		assertThat(reboots()).isEmpty();
		tickAt(supervisor, seen + 5 * NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.IDLE_TTL);
	}

	@Test
	void aNewKernelStartsItsIdleTimeAgainEvenWithTheSameJobCount() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = 1_000;
		tickAt(supervisor, seen);
		this.pool.rollingReset().block(Duration.ofSeconds(10));
		handleOneJob(worker); // one job on the new kernel too
		assertThat(worker.kernel().jobs()).isEqualTo(1);
		tickAt(supervisor, seen + NANOS);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason).containsExactly(RebootReason.RESET);
		tickAt(supervisor, seen + 2 * NANOS);
		awaitReboots(2);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsExactly(RebootReason.RESET, RebootReason.IDLE_TTL);
	}

	@Test
	void idleTimeIsKeptPerWorker() {
		startPool(2);
		Worker first = this.workers.get(0);
		Worker second = this.workers.get(1);
		handleOneJob(first);
		handleOneJob(second);
		WorkerSupervisor supervisor = supervisor(limits(Duration.ZERO, Duration.ZERO, LIMIT));
		long seen = 1_000;
		tickAt(supervisor, seen);
		handleOneJob(second);
		tickAt(supervisor, seen + NANOS);
		awaitReboots(1);
		assertThat(reboots().get(0).workerId()).isEqualTo(1);
		tickAt(supervisor, seen + 2 * NANOS);
		awaitReboots(2);
		assertThat(reboots().get(1).workerId()).isEqualTo(2);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.IDLE_TTL);
	}

	@Test
	void execTtlExpiresAJobAtTheLimitAndNotJustBelow() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(LIMIT, Duration.ZERO, Duration.ZERO));
		KernelJob job = startJob(worker);
		tickAt(supervisor, job.startNanos() + NANOS - 1);
		assertThat(worker.currentJob()).isSameAs(job);
		assertThat(job.retain()).as("still open").isTrue();
		job.release();
		assertThat(exceptions()).isEmpty();
		assertThat(reboots()).isEmpty();
		tickAt(supervisor, job.startNanos() + NANOS);
		awaitReboots(1);
		assertThat(job.outcome()).isEqualTo(JobOutcome.TIMEOUT);
		assertThat(job.exception()).isInstanceOf(JobTimeoutException.class);
		assertThat(exceptions()).singleElement()
			.satisfies((event) -> assertThat(event.exception()).isSameAs(job.exception()));
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.EXCEPTION);
		assertThat(worker.kernel()).isNotSameAs(kernel);
		job.release(); // the handling's own release, late
		assertThat(this.pool.idleCount()).as("given back once").isEqualTo(1);
		assertThat(reboots()).hasSize(1);
	}

	@Test
	void execTtlLeavesIdleWorkersAlone() {
		startPool(1);
		Worker worker = this.workers.get(0);
		handleOneJob(worker);
		WorkerSupervisor supervisor = supervisor(limits(LIMIT, Duration.ZERO, Duration.ZERO));
		tickAt(supervisor, System.nanoTime() + 100 * NANOS);
		assertThat(exceptions()).isEmpty();
		assertThat(reboots()).isEmpty();
	}

	@Test
	void anExpiredJobIsNotAlsoRebootedForTheTtl() {
		startPool(1);
		Worker worker = this.workers.get(0);
		Kernel kernel = worker.kernel();
		WorkerSupervisor supervisor = supervisor(limits(LIMIT, LIMIT, Duration.ZERO));
		KernelJob job = startJob(worker);
		long now = Math.max(job.startNanos(), kernel.createdNanos()) + NANOS; // past both
		tickAt(supervisor, now);
		awaitReboots(1);
		assertThat(reboots().get(0).reason()).isEqualTo(RebootReason.EXCEPTION);
		Kernel next = worker.kernel();
		tickAt(supervisor, next.createdNanos() + NANOS - 1);
		assertThat(reboots()).as("no TTL request left pending on the new kernel").hasSize(1);
	}

	@Test
	void aMemoryPassRebootsEveryKernelAndEndsWhenTheyAreAllBack(CapturedOutput output) {
		startPool(2);
		HeapWatchTests.FakePool heapPool = new HeapWatchTests.FakePool("Old");
		HeapWatchTests.FakeCollector collector = new HeapWatchTests.FakeCollector("Full");
		HeapWatch heap = new HeapWatch(MemoryThreshold.ofSize(DataSize.ofMegabytes(100)), List.of(heapPool),
				List.of(collector), DataSize.ofGigabytes(1).toBytes());
		WorkerSupervisor supervisor = supervisor(new SupervisorLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO,
				Duration.ofSeconds(1), MemoryThreshold.ofSize(DataSize.ofMegabytes(100)), "worker.supervisor.exec-ttl"),
				heap);
		heapPool.collected(DataSize.ofMegabytes(200).toBytes());
		collector.collections++;
		tickAt(supervisor, 1);
		awaitReboots(2);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.MEMORY);
		assertThat(reboots()).extracting(WorkerKernelRebootedEvent::workerId).containsExactlyInAnyOrder(1, 2);
		tickAt(supervisor, 2);
		assertThat(output).doesNotContain("not held by worker kernels");
		collector.collections++; // still 200MB after a collection that followed the pass
		tickAt(supervisor, 3);
		assertThat(output).containsOnlyOnce("not held by worker kernels");
		assertThat(reboots()).hasSize(2);
	}

}
