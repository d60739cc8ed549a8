package dev.workerstarter.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The idle workers and the FIFO line of those waiting for one, matched without a lock: a
 * released worker goes to the longest waiter, on the releasing thread, and a waiter takes
 * an idle worker only if nobody is ahead of it. A worker that finds nobody waiting joins
 * the idle ones, and whoever then finds the drain counter at zero matches both sides
 * until one is empty; concurrent callers only make it loop again, so no release and no
 * waiter is ever left unmatched, and a waiter that throws never wedges the loop or loses
 * the worker.
 * <p>
 * Waking a worker whose kernel thread waits for work costs the waking thread a system
 * call, and on a busy machine more than a small job. So, as a thread pool's queue does,
 * work that runs on the kernel's thread waits in line while another worker is being woken
 * ({@link #waking()}) instead of waking one more, and that worker, once awake
 * ({@link #awake()}), matches the line with the idle workers on its own thread: a burst
 * of such work costs its submitter one wake-up, not one per job.
 *
 * @param <W> the type of the workers
 */
final class HandOverQueue<W> {

	private static final Log logger = LogFactory.getLog(HandOverQueue.class);

	private final ConcurrentLinkedQueue<W> idle = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Waiter<W>> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waitingCount = new AtomicInteger();

	private final AtomicInteger drainWip = new AtomicInteger();

	// Workers handed work for their kernel's thread by another thread, not yet begun.
	private final AtomicInteger waking = new AtomicInteger();

	private final int maxWaiting;

	HandOverQueue(int maxWaiting) {
		this.maxWaiting = maxWaiting;
	}

	/**
	 * Takes an idle worker, unless somebody waits for one: waiters keep their turn.
	 * @param behindWaking whether to leave the idle workers alone while one is being
	 * woken and the line has room: work for the kernel's thread that will wait in line
	 * for the woken worker to match it
	 * @return the worker, or {@code null}
	 */
	@Nullable W poll(boolean behindWaking) {
		if (this.waitingCount.get() != 0 || (behindWaking && this.maxWaiting != 0 && this.waking.get() != 0)) {
			return null;
		}
		return this.idle.poll();
	}

	/**
	 * Puts a waiter in line.
	 * @param waiter the waiter
	 * @param behindWaking whether to leave matching it to the worker being woken, if one
	 * is ({@link #poll(boolean)})
	 * @return {@code false} if the line is full
	 */
	boolean offer(Waiter<W> waiter, boolean behindWaking) {
		if (this.waitingCount.incrementAndGet() > this.maxWaiting) {
			this.waitingCount.decrementAndGet();
			if (!behindWaking) {
				return false;
			}
			// Filled while one woke, the line may stand beside idle workers.
			drain();
			return offer(waiter, false);
		}
		this.waiting.offer(waiter);
		// The woken worker matches the line once awake: it decrements before it drains,
		// after this read if the read saw it waking, so it finds this waiter.
		if (!behindWaking || this.waking.get() == 0) {
			drain();
		}
		return true;
	}

	/**
	 * Counts a worker handed work for its kernel's thread by another thread, which may
	 * have to wake it. Every call is followed by exactly one {@link #awake()}.
	 */
	void waking() {
		this.waking.incrementAndGet();
	}

	/**
	 * The work a {@link #waking()} counted has begun on the kernel's thread, or could not
	 * be handed to it: matches the line with the idle workers, which waiters may have
	 * been left to.
	 */
	void awake() {
		this.waking.decrementAndGet();
		drain();
	}

	/**
	 * Takes a waiter out of line.
	 * @param waiter the waiter
	 * @return {@code true} if it was in line
	 */
	boolean remove(Waiter<W> waiter) {
		if (this.waiting.remove(waiter)) {
			this.waitingCount.decrementAndGet();
			return true;
		}
		return false;
	}

	/**
	 * Returns the waiter longest in line, leaving it there.
	 * @return the waiter, or {@code null} if nobody waits
	 */
	@Nullable Waiter<W> oldestWaiter() {
		return this.waiting.peek();
	}

	/**
	 * Takes every waiter out of line.
	 * @return the waiters, longest waiting first
	 */
	List<Waiter<W>> removeAll() {
		List<Waiter<W>> removed = new ArrayList<>();
		Waiter<W> waiter;
		while ((waiter = this.waiting.poll()) != null) {
			this.waitingCount.decrementAndGet();
			removed.add(waiter);
		}
		return removed;
	}

	/**
	 * Gives a worker back: to the longest waiter, or to the idle ones.
	 * @param worker the worker
	 */
	void release(W worker) {
		// Straight to the longest waiter, on this thread: handed to whoever drains, the
		// worker would start its next job on that thread, and the worker's own thread,
		// which is about to wait for work, would have to be woken.
		if (!handToWaiter(worker)) {
			this.idle.offer(worker);
			drain();
		}
	}

	/**
	 * Takes a given worker out of the idle ones.
	 * @param worker the worker
	 * @return {@code true} if it was idle
	 */
	boolean removeIdle(W worker) {
		return this.idle.remove(worker);
	}

	/**
	 * Forgets every idle worker.
	 */
	void clearIdle() {
		this.idle.clear();
	}

	int idleCount() {
		return this.idle.size();
	}

	int waitingCount() {
		return this.waitingCount.get();
	}

	int wakingCount() {
		return this.waking.get();
	}

	private void drain() {
		if (this.drainWip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				match();
			}
			finally {
				missed = this.drainWip.addAndGet(-missed);
			}
		}
		while (missed != 0);
	}

	private void match() {
		while (!this.waiting.isEmpty()) {
			W worker = this.idle.poll();
			if (worker == null) {
				return;
			}
			if (!handToWaiter(worker)) {
				this.idle.offer(worker);
				return;
			}
		}
	}

	// Gives the worker to the longest waiter that still takes it.
	private boolean handToWaiter(W worker) {
		Waiter<W> waiter;
		while ((waiter = this.waiting.poll()) != null) {
			this.waitingCount.decrementAndGet();
			if (take(waiter, worker)) {
				return true;
			}
		}
		return false;
	}

	private static <W> boolean take(Waiter<W> waiter, W worker) {
		try {
			return waiter.take(worker);
		}
		catch (RuntimeException ex) {
			logger.error("A request waiting for a worker failed to take " + worker + "; the worker goes back", ex);
			return false;
		}
	}

	/**
	 * Waits in line for a worker.
	 *
	 * @param <W> the type of the workers
	 */
	interface Waiter<W> {

		/**
		 * Offers the waiter a worker, once it is its turn.
		 * @param worker the worker
		 * @return {@code true} if it took the worker and now owns giving it back;
		 * {@code false} if it no longer waits (it must not throw once it has taken it)
		 */
		boolean take(W worker);

	}

}
