package dev.workerstarter.pool.internal;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * A unit of work the pool runs as a job on a worker ({@link WorkerPool#run(JobWork)}).
 * The pool owns the job's life: it starts the job, binds it while the work starts, and
 * gives the worker back exactly once, whether the work completes, fails, is cancelled or
 * throws.
 *
 * @param <T> the type of the work's result
 */
public interface JobWork<T> {

	/**
	 * Starts the work, on the thread the job starts on, with the job bound to it.
	 * @param worker the worker running the job
	 * @param job the job
	 * @return the work's result; the job ends when it terminates or is cancelled
	 */
	Mono<T> start(Worker worker, KernelJob job);

	/**
	 * Answers when the pool cannot give the work a worker.
	 * @param reason why
	 * @return the answer; by default a {@link WorkerRejectedException}
	 */
	default Mono<T> rejected(RejectionReason reason) {
		return Mono.error(new WorkerRejectedException(reason));
	}

	/**
	 * Returns where the work starts (or is rejected) once it has waited for a worker, for
	 * example the event loop of the connection that sent the request; called only when
	 * the work has to wait. Without one it starts on the thread that freed the worker.
	 * @return the executor, or {@code null}
	 */
	default @Nullable Executor home() {
		return null;
	}

}
