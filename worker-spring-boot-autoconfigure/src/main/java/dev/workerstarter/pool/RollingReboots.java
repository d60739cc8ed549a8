package dev.workerstarter.pool;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import dev.workerstarter.pool.Worker.PendingReboot;
import dev.workerstarter.reboot.RebootReason;

/**
 * Reboots workers asked for from outside their jobs (rolling reset, memory, ttl, idle-ttl) one
 * at a time, so that the pool never has more than one worker less. Each waits for its worker's
 * current job, except an idle-ttl reboot, which is dropped if the worker took a job meanwhile.
 * A worker already waiting its turn is not queued twice.
 */
final class RollingReboots {

	// Only the short window between a job's completion and the worker's return to the idle
	// queue needs a retry: the completion itself takes a pending reboot.
	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	// A worker whose kernel fails to boot comes back only after a retry that may be seconds away.
	private static final long FAILED_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final Scheduler timer;

	private final Deque<Turn> queue = new ArrayDeque<>();

	private @Nullable Turn active;

	private boolean stopped;

	RollingReboots(Scheduler timer) {
		this.timer = timer;
	}

	/**
	 * Queues a reboot of each worker.
	 * @param workers the workers
	 * @param reason the reason to report
	 * @return completes once every one of them is back with a new kernel
	 */
	CompletableFuture<Void> rebootAll(Collection<Worker> workers, RebootReason reason) {
		return CompletableFuture.allOf(workers.stream()
			.map((worker) -> reboot(worker, reason))
			.toArray(CompletableFuture[]::new));
	}

	/**
	 * Queues a reboot of a worker.
	 * @param worker the worker
	 * @param reason the reason to report
	 * @return completes once the worker is back with a new kernel, or once an idle-ttl reboot
	 * is dropped
	 */
	CompletableFuture<Void> reboot(Worker worker, RebootReason reason) {
		Turn turn;
		synchronized (this) {
			if (this.stopped) {
				return CompletableFuture.failedFuture(new IllegalStateException("The worker pool has stopped"));
			}
			Turn queued = find(worker);
			if (queued != null) {
				return queued.done;
			}
			turn = new Turn(worker, reason, new CompletableFuture<>());
			this.queue.add(turn);
		}
		next();
		return turn.done;
	}

	private @Nullable Turn find(Worker worker) {
		if (this.active != null && this.active.worker == worker) {
			return this.active;
		}
		for (Turn turn : this.queue) {
			if (turn.worker == worker) {
				return turn;
			}
		}
		return null;
	}

	private void next() {
		Turn turn;
		synchronized (this) {
			if (this.active != null || this.stopped) {
				return;
			}
			turn = this.queue.poll();
			this.active = turn;
		}
		if (turn != null) {
			take(turn, turn.worker.requestReboot(turn.reason));
		}
	}

	private void take(Turn turn, PendingReboot pending) {
		if (turn.worker.tryRebootIdle()) {
			pending.done().whenComplete((ignored, ex) -> finish(turn, ex));
		}
		else if (turn.reason == RebootReason.IDLE_TTL && turn.worker.withdrawReboot(pending)) {
			finish(turn, null); // no longer idle
		}
		else {
			long delay = (turn.worker.state() == WorkerState.FAILED) ? FAILED_RETRY_NANOS : RETRY_NANOS;
			this.timer.schedule(() -> take(turn, pending), delay, TimeUnit.NANOSECONDS);
		}
	}

	private void finish(Turn turn, @Nullable Throwable failure) {
		synchronized (this) {
			this.active = null;
		}
		if (failure != null) {
			turn.done.completeExceptionally(failure);
		}
		else {
			turn.done.complete(null);
		}
		next();
	}

	/**
	 * Fails every reboot not yet done and takes no more.
	 */
	void stop() {
		Deque<Turn> left;
		synchronized (this) {
			this.stopped = true;
			left = new ArrayDeque<>(this.queue);
			if (this.active != null) {
				left.add(this.active);
			}
			this.queue.clear();
			this.active = null;
		}
		IllegalStateException stopped = new IllegalStateException("The worker pool stopped before the reboot");
		left.forEach((turn) -> turn.done.completeExceptionally(stopped));
	}

	private record Turn(Worker worker, RebootReason reason, CompletableFuture<Void> done) {
	}

}
