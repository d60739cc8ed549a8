package dev.workerstarter.integration.grpc.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Passes a call's callbacks to its job's executor in the order gRPC delivered them: those
 * that come before the call has a worker wait here and go first, right after the task
 * that starts the call, once it has one. Closed when the job ends, after which callbacks
 * are dropped. Offering and starting are serialized, so a callback that races with the
 * start from another thread still takes its turn.
 */
final class CallbackQueue {

	// Not synchronized: a virtual kernel thread waiting for a monitor pins its carrier.
	private final ReentrantLock lock = new ReentrantLock();

	// Guarded by the lock, as are the two fields below.
	private @Nullable ArrayDeque<Runnable> waiting = new ArrayDeque<>(4);

	private @Nullable Executor executor;

	private boolean closed;

	/**
	 * Runs a callback on the job's executor, or keeps it until the job starts.
	 * @param callback the callback
	 * @return {@code false} if the queue is closed, or the executor refused the callback
	 * (the job has ended): the callback is dropped
	 */
	boolean offer(Runnable callback) {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			Executor executor = this.executor;
			if (executor == null) {
				ArrayDeque<Runnable> waiting = this.waiting;
				if (waiting != null) {
					waiting.add(callback);
				}
				return true;
			}
			return submit(executor, callback);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts passing callbacks to the job's executor: first the given task, then those
	 * that waited.
	 * @param executor the job's executor
	 * @param first the task that starts the call
	 * @return {@code false} if the queue was closed before the job started
	 * @throws RejectedExecutionException if the executor refuses the first task; the
	 * queue is then closed
	 */
	boolean start(Executor executor, Runnable first) {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			try {
				executor.execute(first);
			}
			catch (RejectedExecutionException ex) {
				close();
				throw ex;
			}
			this.executor = executor;
			ArrayDeque<Runnable> waiting = this.waiting;
			this.waiting = null;
			if (waiting != null) {
				for (Runnable callback : waiting) {
					if (!submit(executor, callback)) {
						break;
					}
				}
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the queue if the job has not started yet, dropping what waits.
	 * @return {@code true} if this closed it
	 */
	boolean closeIfWaiting() {
		this.lock.lock();
		try {
			if (this.closed || this.executor != null) {
				return false;
			}
			close();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the queue: what waits and what comes is dropped.
	 */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.waiting = null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean submit(Executor executor, Runnable callback) {
		try {
			executor.execute(callback);
			return true;
		}
		catch (RejectedExecutionException ex) {
			close(); // the job has ended: nothing more runs for it
			return false;
		}
	}

}
