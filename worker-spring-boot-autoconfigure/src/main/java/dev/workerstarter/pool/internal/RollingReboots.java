package dev.workerstarter.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;

/**
 * Reboots asked for from outside the workers' jobs (rolling reset, memory, ttl,
 * idle-ttl): one pending request per worker, served at most one at a time, so that the
 * pool never has more than one worker less for them. A request stays pending until its
 * worker is free: it is taken when the worker is idle, or when its current job ends,
 * whichever comes first while no other such reboot runs; a reboot the strategies ask for
 * after a job serves it too, and is reported with the strategies' reason. A busy worker
 * therefore holds up no other worker's reboot, and a saturated pool, whose workers are
 * never idle, still gets through them.
 * <p>
 * Requests join: a new request on a worker with one pending shares its outcome, except
 * that an idle-ttl request, which a job cancels, gives way to any other. A worker whose
 * kernel cannot boot ({@link WorkerState#FAILED}) is skipped, and its pending request
 * ends unserved.
 */
final class RollingReboots {

	private final AtomicReferenceArray<@Nullable PendingReboot> pending;

	private final AtomicBoolean slot = new AtomicBoolean();

	private final AtomicInteger scanWip = new AtomicInteger();

	private volatile List<Worker> workers = List.of();

	private volatile boolean stopped;

	RollingReboots(int size) {
		this.pending = new AtomicReferenceArray<>(size);
	}

	/**
	 * Sets the workers, once they have booted.
	 * @param workers the workers, by id
	 */
	void workers(List<Worker> workers) {
		this.workers = workers;
		scan();
	}

	/**
	 * Asks for a reboot of each worker.
	 * @param reason the reason to report
	 * @return completes once each of them is back with a new kernel or skipped
	 */
	CompletableFuture<RollingResetResult> rebootAll(RebootReason reason) {
		List<Worker> workers = this.workers;
		List<CompletableFuture<Boolean>> each = new ArrayList<>(workers.size());
		for (Worker worker : workers) {
			each.add(reboot(worker, reason));
		}
		return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply((ignored) -> {
			List<Integer> rebooted = new ArrayList<>();
			List<Integer> skipped = new ArrayList<>();
			for (int i = 0; i < each.size(); i++) {
				(each.get(i).join() ? rebooted : skipped).add(workers.get(i).id());
			}
			return new RollingResetResult(rebooted, skipped);
		});
	}

	/**
	 * Asks for a reboot of a worker.
	 * @param worker the worker
	 * @param reason the reason to report, unless a reboot for another reason serves it
	 * first
	 * @return completes with {@code true} once the worker is back with a new kernel, with
	 * {@code false} if it is skipped (its kernel cannot boot) or, for an idle-ttl
	 * request, once the worker took a job
	 */
	CompletableFuture<Boolean> reboot(Worker worker, RebootReason reason) {
		if (this.stopped) {
			return CompletableFuture.failedFuture(new IllegalStateException("The worker pool has stopped"));
		}
		if (worker.state() == WorkerState.FAILED) {
			return CompletableFuture.completedFuture(false);
		}
		int index = worker.id() - 1;
		PendingReboot request = join(index, new PendingReboot(reason, new CompletableFuture<>()));
		// Either failed() or stop() saw the request, or the checks below see their state.
		if (worker.state() == WorkerState.FAILED && this.pending.compareAndSet(index, request, null)) {
			request.done().complete(false);
		}
		else if (this.stopped && this.pending.compareAndSet(index, request, null)) {
			request.done().completeExceptionally(new IllegalStateException("The worker pool has stopped"));
		}
		scan();
		return request.done();
	}

	private PendingReboot join(int index, PendingReboot fresh) {
		for (;;) {
			PendingReboot current = this.pending.get(index);
			if (current == null) {
				if (this.pending.compareAndSet(index, null, fresh)) {
					return fresh;
				}
			}
			else if (current.reason() == RebootReason.IDLE_TTL && fresh.reason() != RebootReason.IDLE_TTL) {
				if (this.pending.compareAndSet(index, current, fresh)) {
					fresh.done().whenComplete((rebooted, ex) -> current.done().complete(Boolean.TRUE.equals(rebooted)));
					return fresh;
				}
			}
			else {
				return current;
			}
		}
	}

	/**
	 * Decides the reboot after a job, taking the worker's pending request if the
	 * strategies' reboot serves it or if the slot is free now.
	 * @param worker the worker whose job has ended
	 * @param reason the strategies' reason, or {@code null} to keep the kernel
	 * @param jobsHandled how many jobs the kernel handled
	 * @return the reboot to do, or {@code null}
	 */
	@Nullable Reboot afterJob(Worker worker, @Nullable RebootReason reason, long jobsHandled) {
		int index = worker.id() - 1;
		for (;;) {
			PendingReboot request = this.pending.get(index);
			if (request == null) {
				return (reason != null) ? new Reboot(reason, jobsHandled, null, false) : null;
			}
			if (reason != null) {
				if (this.pending.compareAndSet(index, request, null)) {
					return new Reboot(reason, jobsHandled, request, false);
				}
			}
			else if (request.reason() == RebootReason.IDLE_TTL) {
				if (this.pending.compareAndSet(index, request, null)) {
					request.done().complete(false); // the kernel is not idle any more
					return null;
				}
			}
			else if (!tryStart()) {
				// another worker is rebooting; this one's turn comes when it is idle
				return null;
			}
			else if (this.pending.compareAndSet(index, request, null)) {
				return new Reboot(request.reason(), jobsHandled, request, true);
			}
			else {
				finished(); // the request changed meanwhile: look again
			}
		}
	}

	/**
	 * Takes the worker's pending request, served by a reboot the worker does now anyway.
	 * @param worker the worker
	 * @return the request, or {@code null}
	 */
	@Nullable PendingReboot take(Worker worker) {
		return this.pending.getAndSet(worker.id() - 1, null);
	}

	/**
	 * Notes that a worker is back in the pool: its pending request may be served now.
	 * @param worker the worker
	 */
	void idle(Worker worker) {
		if (this.pending.get(worker.id() - 1) != null) {
			scan();
		}
	}

	/**
	 * Notes that a reboot has ended with a new kernel and the worker back in the pool.
	 * @param reboot the reboot
	 */
	void booted(Reboot reboot) {
		if (reboot.pending() != null) {
			reboot.pending().done().complete(true);
		}
		if (reboot.rolling()) {
			finished();
		}
	}

	/**
	 * Notes that a worker could not boot a kernel: the reboot it served and its pending
	 * request end unserved, and the slot passes on.
	 * @param worker the worker, now {@link WorkerState#FAILED}
	 * @param reboot the reboot that failed, or {@code null} for a boot retry
	 */
	void failed(Worker worker, @Nullable Reboot reboot) {
		PendingReboot request = take(worker);
		if (request != null) {
			request.done().complete(false);
		}
		if (reboot != null) {
			if (reboot.pending() != null) {
				reboot.pending().done().complete(false);
			}
			if (reboot.rolling()) {
				finished();
			}
		}
	}

	private boolean tryStart() {
		return !this.stopped && this.slot.compareAndSet(false, true);
	}

	private void finished() {
		this.slot.set(false);
		scan();
	}

	// Serialized like the pool's hand-over, so that no call is lost: reboots an idle
	// worker with
	// a pending request if the slot is free.
	private void scan() {
		if (this.scanWip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				if (tryStart() && !rebootFirstIdle()) {
					this.slot.set(false);
				}
			}
			finally {
				missed = this.scanWip.addAndGet(-missed);
			}
		}
		while (missed != 0);
	}

	private boolean rebootFirstIdle() {
		for (Worker worker : this.workers) {
			int index = worker.id() - 1;
			PendingReboot request = this.pending.get(index);
			if (request == null || !worker.leaveIdle()) {
				continue;
			}
			if (!this.pending.compareAndSet(index, request, null)) {
				worker.rejoin(); // the request changed meanwhile; the rejoin looks again
				continue;
			}
			worker.rebootIdle(new Reboot(request.reason(), worker.kernel().jobs(), request, true));
			return true;
		}
		return false;
	}

	/**
	 * Fails every request still pending and takes no more.
	 */
	void stop() {
		this.stopped = true;
		IllegalStateException stopped = new IllegalStateException("The worker pool stopped before the reboot");
		for (int i = 0; i < this.pending.length(); i++) {
			PendingReboot request = this.pending.getAndSet(i, null);
			if (request != null) {
				request.done().completeExceptionally(stopped);
			}
		}
	}

	/**
	 * A reboot asked for from outside the worker's jobs.
	 *
	 * @param reason the reason to report
	 * @param done completed once the worker is back in the pool with a new kernel, or
	 * skipped
	 */
	record PendingReboot(RebootReason reason, CompletableFuture<Boolean> done) {
	}

	/**
	 * A reboot under way.
	 *
	 * @param reason the reason to report
	 * @param jobsHandled how many jobs the old kernel handled
	 * @param pending the request it serves, or {@code null}
	 * @param rolling whether it holds the slot
	 */
	record Reboot(RebootReason reason, long jobsHandled, @Nullable PendingReboot pending, boolean rolling) {
	}

}
