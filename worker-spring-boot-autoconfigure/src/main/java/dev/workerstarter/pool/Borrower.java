package dev.workerstarter.pool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;

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
		}
	}

	/** Fires when the allocate timeout has passed. */
	@Override
	public void run() {
		if (finish()) {
			this.pool.removeWaiting(this);
			this.actual.onError(new WorkerRejectedException(RejectionReason.TIMEOUT));
		}
	}

	void timeout(Disposable timeout) {
		this.timeout = timeout;
	}

	boolean deliver(Worker worker) {
		if (!finish()) {
			return false;
		}
		this.actual.onNext(worker);
		this.actual.onComplete();
		return true;
	}

	void reject(RejectionReason reason) {
		if (finish()) {
			this.actual.onError(new WorkerRejectedException(reason));
		}
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

}
