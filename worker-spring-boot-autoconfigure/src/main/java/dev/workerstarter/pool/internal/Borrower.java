package dev.workerstarter.pool.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * A job run waiting in line for a worker. Exactly one of delivery, cancellation, timeout
 * or rejection wins; the worker of a lost delivery goes back to the pool. A delivery or a
 * rejection continues on the run's home (the event loop of its connection, for a request)
 * as a task of its own: never on the thread that freed the worker, and never inside the
 * call stack of another job's ending, even on the same event loop. A run without a home
 * continues on the thread that freed the worker, once that thread's own start has
 * returned ({@link HandOverTrampoline}), and work for the kernel's thread on that thread
 * ({@link JobRun#begin(Worker)}).
 */
final class Borrower implements HandOverQueue.Waiter<Worker> {

	private static final AtomicIntegerFieldUpdater<Borrower> STATE = AtomicIntegerFieldUpdater
		.newUpdater(Borrower.class, "state");

	private static final AtomicReferenceFieldUpdater<Borrower, @Nullable Observation> OBSERVATION = AtomicReferenceFieldUpdater
		.newUpdater(Borrower.class, Observation.class, "observation");

	private static final int WAITING = 0;

	private static final int DONE = 1;

	private final JobRun<?> run;

	private final BoundedWorkerPool pool;

	private final @Nullable Executor home;

	private volatile int state;

	private volatile @Nullable Observation observation;

	// From construction, on the pool's clock: a delivery may come before queued() runs.
	private final long queuedNanos;

	Borrower(JobRun<?> run, BoundedWorkerPool pool, @Nullable Executor home) {
		this.run = run;
		this.pool = pool;
		this.home = home;
		this.queuedNanos = pool.now();
	}

	/**
	 * Starts waiting: observed, unless the borrower has already finished.
	 * @param observations observes the wait
	 */
	void queued(WorkerObservations observations) {
		this.observation = observations.startQueue(this.pool.name(), this.run.currentContext());
		if (this.state == DONE) {
			stopObservation(null);
		}
	}

	/**
	 * Returns when this borrower started waiting, from which its allocate timeout runs.
	 * @return the time, on the pool's clock ({@link BoundedWorkerPool#now()})
	 */
	long queuedNanos() {
		return this.queuedNanos;
	}

	@Override
	public boolean take(Worker worker) {
		if (!finish()) {
			return false;
		}
		this.pool.listener().waited(this.pool.now() - this.queuedNanos);
		stopObservation(null);
		atHome(() -> this.run.begin(worker));
		return true;
	}

	/**
	 * Rejects the run: the allocate timeout has passed. Called by whoever took the
	 * borrower out of line for it.
	 */
	void timedOut() {
		if (finish()) {
			fail(RejectionReason.TIMEOUT);
		}
	}

	/**
	 * Gives up waiting; the run was cancelled.
	 */
	void cancel() {
		if (finish()) {
			this.pool.removeWaiting(this);
			stopObservation(null);
		}
	}

	/**
	 * Refuses the run a worker.
	 * @param reason why
	 */
	void reject(RejectionReason reason) {
		if (finish()) {
			fail(reason);
		}
	}

	private void fail(RejectionReason reason) {
		this.pool.listener().rejected(reason);
		stopObservation(new WorkerRejectedException(reason));
		atHome(() -> this.run.reject(reason));
	}

	private void atHome(Runnable task) {
		Executor home = this.home;
		if (home == null) {
			HandOverTrampoline.run(task);
			return;
		}
		try {
			home.execute(task);
		}
		catch (RejectedExecutionException ex) {
			task.run(); // the home is shutting down: better here than never
		}
	}

	private boolean finish() {
		return STATE.compareAndSet(this, WAITING, DONE);
	}

	private void stopObservation(@Nullable Throwable rejection) {
		Observation observation = OBSERVATION.getAndSet(this, null);
		if (observation != null) {
			WorkerObservations.stopQueue(observation, rejection);
		}
	}

}
