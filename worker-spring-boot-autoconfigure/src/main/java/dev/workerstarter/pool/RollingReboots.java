package dev.workerstarter.pool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.workerstarter.reboot.RebootReason;

/**
 * Reboots asked for from outside the workers' jobs (rolling reset, memory, ttl, idle-ttl), at
 * most one at a time, so that the pool never has more than one worker less for them. A
 * request stays pending on its worker until the worker is free: it is taken when the worker
 * is idle, or when its current job ends, whichever comes first while no other such reboot
 * runs. A busy worker therefore holds up no other worker's reboot, and a saturated pool, whose
 * workers are never idle, still gets through them.
 */
final class RollingReboots {

	private final List<Worker> workers;

	private final AtomicBoolean rebooting = new AtomicBoolean();

	private final AtomicInteger scanWip = new AtomicInteger();

	private volatile boolean stopped;

	RollingReboots(List<Worker> workers) {
		this.workers = workers;
	}

	/**
	 * Asks for a reboot of each worker.
	 * @param reason the reason to report
	 * @return completes once every one of them is back with a new kernel
	 */
	CompletableFuture<Void> rebootAll(RebootReason reason) {
		return CompletableFuture
			.allOf(this.workers.stream().map((worker) -> reboot(worker, reason)).toArray(CompletableFuture[]::new));
	}

	/**
	 * Asks for a reboot of a worker; joins the request already pending on it, if any.
	 * @param worker the worker
	 * @param reason the reason to report
	 * @return completes once the worker is back with a new kernel, or once an idle-ttl request
	 * is dropped because the worker took a job
	 */
	CompletableFuture<Void> reboot(Worker worker, RebootReason reason) {
		if (this.stopped) {
			return CompletableFuture.failedFuture(new IllegalStateException("The worker pool has stopped"));
		}
		CompletableFuture<Void> done = worker.requestReboot(reason).done();
		rebootIdle();
		return done;
	}

	/**
	 * Takes the single reboot slot.
	 * @return {@code true} if the caller may reboot a worker with a pending request now
	 */
	boolean tryStart() {
		return !this.stopped && this.rebooting.compareAndSet(false, true);
	}

	/**
	 * Gives the slot back once the rebooted worker is in the pool again, and passes it on.
	 */
	void finished() {
		this.rebooting.set(false);
		rebootIdle();
	}

	/**
	 * Reboots an idle worker with a pending request if the slot is free. Called whenever that
	 * may have become true: a request, the slot given back, a worker back in the pool with a
	 * request still pending. Serialized like the pool's hand-over, so no call is lost.
	 */
	void rebootIdle() {
		if (this.scanWip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			if (tryStart() && !rebootFirstIdle()) {
				this.rebooting.set(false);
			}
			missed = this.scanWip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private boolean rebootFirstIdle() {
		for (Worker worker : this.workers) {
			if (worker.tryRebootIdle()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Fails every request still pending and takes no more.
	 */
	void stop() {
		this.stopped = true;
		IllegalStateException stopped = new IllegalStateException("The worker pool stopped before the reboot");
		this.workers.forEach((worker) -> worker.dropPendingReboot(stopped));
	}

}
