package dev.workerstarter.pool;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.RunningJob;

/**
 * A unit of work a pool runs as a job on one of its workers
 * ({@link WorkerPool#run(JobWork)}). The pool owns the job's life: it takes a worker or
 * queues the work, starts the job and binds it while the work starts, and gives the
 * worker back exactly once, whether the work completes, fails, is cancelled, throws or
 * runs past the exec TTL. Every request, and every kind of work the starter runs on
 * workers, is one of these.
 *
 * @param <T> the type of the work's result
 */
@FunctionalInterface
public interface JobWork<T> {

	/**
	 * Starts the work, with the job bound to the calling thread. The job lasts until the
	 * returned {@code Mono} terminates or is cancelled, and while tasks given to
	 * {@link RunningJob#executor()} run; an error it emits counts for the reboot
	 * strategies. Blocking code belongs on the job's executor, the worker's own thread.
	 * @param job the job
	 * @return the work's result
	 */
	Mono<T> start(RunningJob job);

	/**
	 * Answers when the pool cannot give the work a worker: its queue is full, the
	 * allocate timeout passed or the pool is draining.
	 * @param reason why
	 * @return the answer; by default a {@link WorkerRejectedException}
	 */
	default Mono<T> rejected(RejectionReason reason) {
		return Mono.error(new WorkerRejectedException(reason));
	}

	/**
	 * Returns where the work starts (or is rejected) once it has waited for a worker, for
	 * example the event loop of the connection that sent a request; called only when the
	 * work has to wait. Without one it starts on the thread that freed the worker, once
	 * any start that thread is running has returned.
	 * @return the executor, or {@code null}
	 */
	default @Nullable Executor home() {
		return null;
	}

	/**
	 * Describes the work while it runs, for the {@code workers} endpoint and the
	 * dashboard. It is called only when they read the worker, never on the job's path,
	 * and from another thread: it should read what the work already holds and allocate
	 * little.
	 * @return what the work is, or {@code null} if it does not say
	 */
	default @Nullable WorkDescription describe() {
		return null;
	}

}
