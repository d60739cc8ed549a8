package dev.workerstarter.pool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;

import dev.workerstarter.observation.WorkerObservations;

/**
 * A request waiting in the pool's queue for a worker. Exactly one of delivery, cancellation,
 * timeout or rejection wins; the worker of a lost delivery goes back to the pool.
 */
final class Borrower implements Subscription, Runnable {

	private static final AtomicIntegerFieldUpdater<Borrower> STATE = AtomicIntegerFieldUpdater
		.newUpdater(Borrower.class, "state");

	private static final int WAITING = 0;

	private static final int DONE = 1;

	private final CoreSubscriber<? super Worker> actual;

	private final WorkerPool pool;

	private volatile int state;

	private boolean requested;

	private volatile @Nullable Disposable timeout;

	private long queuedNanos;

	private volatile @Nullable Observation observation;

	Borrower(CoreSubscriber<? super Worker> actual, WorkerPool pool) {
		this.actual = actual;
		this.pool = pool;
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n) && !this.requested) {
			this.requested = true;
			this.pool.enqueue(this);
		}
	}

	@Override
	public void cancel() {
		if (finish()) {
			this.pool.removeWaiting(this);
			stopObservation(null);
		}
	}

	/** Fires when the allocate timeout has passed. */
	@Override
	public void run() {
		if (finish()) {
			this.pool.removeWaiting(this);
			fail(RejectionReason.TIMEOUT);
		}
	}

	// Called before the timeout is scheduled and the borrower offered to the queue.
	void queued(WorkerObservations observations) {
		this.queuedNanos = System.nanoTime();
		this.observation = observations.startQueue(this.actual.currentContext());
	}

	void timeout(Disposable timeout) {
		this.timeout = timeout;
	}

	boolean deliver(Worker worker) {
		if (!finish()) {
			return false;
		}
		this.pool.listener().waited(System.nanoTime() - this.queuedNanos);
		stopObservation(null);
		this.actual.onNext(worker);
		this.actual.onComplete();
		return true;
	}

	void reject(RejectionReason reason) {
		if (finish()) {
			fail(reason);
		}
	}

	private void fail(RejectionReason reason) {
		WorkerRejectedException rejection = new WorkerRejectedException(reason);
		this.pool.listener().rejected(reason);
		stopObservation(rejection);
		this.actual.onError(rejection);
	}

	private boolean finish() {
		if (!STATE.compareAndSet(this, WAITING, DONE)) {
			return false;
		}
		Disposable timeout = this.timeout;
		if (timeout != null) {
			timeout.dispose();
		}
		return true;
	}

	private void stopObservation(@Nullable Throwable rejection) {
		Observation observation = this.observation;
		if (observation != null) {
			WorkerObservations.stopQueue(observation, rejection);
		}
	}

}
