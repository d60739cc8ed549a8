package dev.workerstarter.pool;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.reboot.RebootReason;

/**
 * Runs on every watch tick: cancels jobs past the exec TTL, queues reboots of kernels past
 * the TTL or idle past the idle TTL, and of every kernel when the heap passes the memory
 * threshold.
 */
final class WorkerSupervisor implements Runnable {

	private final List<Worker> workers;

	private final RollingReboots reboots;

	private final Supervision supervision;

	private final long execTtl;

	private final long ttl;

	private final long idleTtl;

	private final @Nullable HeapWatch heap;

	WorkerSupervisor(List<Worker> workers, RollingReboots reboots, Supervision supervision) {
		this.workers = workers;
		this.reboots = reboots;
		this.supervision = supervision;
		this.execTtl = supervision.execTtl().toNanos();
		this.ttl = supervision.ttl().toNanos();
		this.idleTtl = supervision.idleTtl().toNanos();
		this.heap = (supervision.memory() != null) ? new HeapWatch(supervision.memory()) : null;
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		for (Worker worker : this.workers) {
			WorkerState state = worker.state();
			Job job = worker.currentJob();
			if (this.execTtl > 0 && job != null && now - job.startNanos() >= this.execTtl) {
				worker.expire(job, this.supervision.execTtl());
			}
			else if (this.ttl > 0 && (state == WorkerState.IDLE || state == WorkerState.BUSY)
					&& now - worker.kernel().createdNanos() >= this.ttl) {
				this.reboots.reboot(worker, RebootReason.TTL);
			}
			else if (this.idleTtl > 0 && state == WorkerState.IDLE && worker.kernel().jobs() > 0
					&& now - worker.idleSinceNanos() >= this.idleTtl) {
				this.reboots.reboot(worker, RebootReason.IDLE_TTL);
			}
		}
		HeapWatch heap = this.heap;
		if (heap != null && heap.passNeeded()) {
			this.reboots.rebootAll(RebootReason.MEMORY).whenComplete((ignored, ex) -> heap.passEnded());
		}
	}

}
