package dev.workerstarter.pool.internal;

import java.util.List;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;

/**
 * Runs on every watch tick: cancels jobs past the exec TTL, queues reboots of kernels
 * past the TTL or idle past the idle TTL, and of every kernel when the heap passes the
 * memory threshold.
 */
final class WorkerSupervisor implements Runnable {

	private final List<Worker> workers;

	private final RollingReboots reboots;

	private final SupervisorLimits limits;

	private final long execTtl;

	private final long ttl;

	private final long idleTtl;

	private final @Nullable HeapWatch heap;

	// Idle time is observed here, tick by tick, rather than stamped by every job.
	private final @Nullable Kernel[] seenKernel;

	private final long[] seenJobs;

	private final long[] idleSince;

	private final LongSupplier nanoTime;

	/**
	 * Supervises the given workers on {@link System#nanoTime()}.
	 * @param workers the pool's workers
	 * @param reboots queues the reboots
	 * @param limits the limits
	 */
	WorkerSupervisor(List<Worker> workers, RollingReboots reboots, SupervisorLimits limits) {
		this(workers, reboots, limits, System::nanoTime,
				(limits.memory() != null) ? new HeapWatch(limits.memory()) : null);
	}

	/**
	 * Supervises the given workers on the given clock.
	 * @param workers the pool's workers
	 * @param reboots queues the reboots
	 * @param limits the limits
	 * @param nanoTime the time in {@link System#nanoTime()} units, which jobs and kernels
	 * are stamped with
	 * @param heap watches the heap, or {@code null} without a memory threshold
	 */
	WorkerSupervisor(List<Worker> workers, RollingReboots reboots, SupervisorLimits limits, LongSupplier nanoTime,
			@Nullable HeapWatch heap) {
		this.workers = workers;
		this.reboots = reboots;
		this.limits = limits;
		this.execTtl = limits.execTtl().toNanos();
		this.ttl = limits.ttl().toNanos();
		this.idleTtl = limits.idleTtl().toNanos();
		this.nanoTime = nanoTime;
		this.heap = heap;
		this.seenKernel = new Kernel[workers.size()];
		this.seenJobs = new long[workers.size()];
		this.idleSince = new long[workers.size()];
	}

	// How long the worker has been seen idle with the same kernel and job count, 0 if not
	// idle.
	// Counted from the first tick that saw it so, never from one that saw it busy.
	private long idleFor(int index, WorkerState state, Kernel kernel, long now) {
		if (state != WorkerState.IDLE) {
			this.seenKernel[index] = null;
			return 0;
		}
		long jobs = kernel.jobs();
		if (kernel != this.seenKernel[index] || jobs != this.seenJobs[index]) {
			this.seenKernel[index] = kernel;
			this.seenJobs[index] = jobs;
			this.idleSince[index] = now;
			return 0;
		}
		return now - this.idleSince[index];
	}

	@Override
	public void run() {
		long now = this.nanoTime.getAsLong();
		for (int i = 0; i < this.workers.size(); i++) {
			Worker worker = this.workers.get(i);
			WorkerState state = worker.state();
			KernelJob job = worker.currentJob();
			Kernel kernel = worker.kernel();
			if (this.execTtl > 0 && job != null && now - job.startNanos() >= this.execTtl) {
				worker.expire(job, this.limits.execTtl(), this.limits.execTtlKey());
			}
			else if (this.ttl > 0 && (state == WorkerState.IDLE || state == WorkerState.BUSY)
					&& now - kernel.createdNanos() >= this.ttl) {
				this.reboots.reboot(worker, RebootReason.TTL);
			}
			else if (this.idleTtl > 0 && idleFor(i, state, kernel, now) >= this.idleTtl && kernel.jobs() > 0) {
				this.reboots.reboot(worker, RebootReason.IDLE_TTL);
			}
		}
		HeapWatch heap = this.heap;
		if (heap != null && heap.passNeeded()) {
			this.reboots.rebootAll(RebootReason.MEMORY).whenComplete((ignored, ex) -> heap.passEnded());
		}
	}

}
