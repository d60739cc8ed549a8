package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Times out the jobs waiting in a pool's line with one timer for the whole line. Every
 * waiter of a pool waits the same allocate timeout, so the line is in deadline order and
 * the timer only follows its oldest waiter: it is armed while somebody waits, fires at
 * that waiter's deadline, rejects whoever has passed theirs, and is armed again for the
 * next. A waiter that gets a worker costs no timer of its own, so scheduling and
 * cancelling one per waiter (a locked heap insert and removal, and a wake-up of the
 * timer's thread) is spared.
 */
final class AllocateTimeouts implements Runnable {

	private static final Log logger = LogFactory.getLog(AllocateTimeouts.class);

	private final HandOverQueue<Worker> queue;

	private final Scheduler timer;

	private final LongSupplier nanoClock;

	private final long timeoutNanos;

	// True while a sweep is scheduled or running: at most one at a time.
	private final AtomicBoolean armed = new AtomicBoolean();

	// The sweep scheduled last: a stopped pool cancels it, as a task left on a shared
	// scheduler would keep the pool, and its application, reachable until it fires.
	private volatile Disposable scheduled = Disposables.disposed();

	/**
	 * Creates the timeouts of a pool's line.
	 * @param queue the line
	 * @param timer runs the sweeps
	 * @param nanoClock the time, in nanoseconds, on the timer's clock
	 * @param allocateTimeout the longest wait
	 */
	AllocateTimeouts(HandOverQueue<Worker> queue, Scheduler timer, LongSupplier nanoClock, Duration allocateTimeout) {
		this.queue = queue;
		this.timer = timer;
		this.nanoClock = nanoClock;
		this.timeoutNanos = allocateTimeout.toNanos();
	}

	/**
	 * Makes sure a sweep is coming; call it after a waiter joined the line.
	 */
	void waiting() {
		if (!this.armed.get() && this.armed.compareAndSet(false, true)) {
			schedule(this.timeoutNanos);
		}
	}

	/**
	 * Cancels the coming sweep; call it once the pool has stopped taking jobs and its
	 * line is empty. A waiter that joins later arms the timer again.
	 */
	void stop() {
		this.scheduled.dispose();
		this.armed.set(false);
	}

	/** Rejects the waiters past their deadline, then follows the oldest one left. */
	@Override
	public void run() {
		try {
			long next = sweep();
			if (next >= 0) {
				schedule(next);
				return;
			}
		}
		catch (RuntimeException ex) {
			logger.error("Timing out the requests waiting for a worker failed; trying again", ex);
			schedule(0);
			return;
		}
		this.armed.set(false);
		// A waiter that joined after the sweep found the line empty, and before the flag
		// fell, saw it armed: it is this sweep's to follow.
		if (this.queue.oldestWaiter() != null) {
			waiting();
		}
	}

	// The nanoseconds until the oldest waiter's deadline, or -1 if nobody waits.
	private long sweep() {
		for (;;) {
			if (!(this.queue.oldestWaiter() instanceof Borrower oldest)) {
				return -1;
			}
			long left = oldest.queuedNanos() + this.timeoutNanos - now();
			if (left > 0) {
				return left;
			}
			// Whoever takes it out of line owns it: not taken here means given a worker
			// or cancelled meanwhile, and the next one is looked at.
			if (this.queue.remove(oldest)) {
				oldest.timedOut();
			}
		}
	}

	private void schedule(long delayNanos) {
		try {
			this.scheduled = this.timer.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Only a timer that is shut down refuses: the pool is stopping, and stopping
			// rejects whoever still waits.
			this.armed.set(false);
			logger.warn("The timer refused the allocate timeouts of the requests waiting for a worker", ex);
		}
	}

	private long now() {
		return this.nanoClock.getAsLong();
	}

}
