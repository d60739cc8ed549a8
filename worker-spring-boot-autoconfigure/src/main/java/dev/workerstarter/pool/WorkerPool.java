package dev.workerstarter.pool;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.reboot.RebootReason;

/**
 * A bounded pool of long-lived workers, each with its own kernel: the default pool, or
 * one configured under {@code worker.pools.<name>}; get one from {@link WorkerPools}. Any
 * unit of work runs on it as a job with every guarantee a request has: an idle worker at
 * once or a place in a FIFO queue that blocks no thread, a
 * {@link WorkerRejectedException} when the queue is full, the allocate timeout passes or
 * the pool drains, the exec TTL, the reboot strategies, resets of the worker-scoped
 * beans, events, meters, the MDC and observations.
 */
public interface WorkerPool {

	/**
	 * Returns the pool's name.
	 * @return {@code default}, or the name under {@code worker.pools}
	 */
	String name();

	/**
	 * Runs blocking work as a job on the worker's own thread, with the job bound
	 * (worker-scoped beans, {@code WorkerContext}, the MDC). The {@code Mono} emits the
	 * work's result once it returns, completes empty if it returns {@code null}, and
	 * fails with what it throws (which counts for the reboot strategies) or with a
	 * {@link WorkerRejectedException} or {@link JobTimeoutException}. Nothing runs until
	 * it is subscribed; cancelling it before the work started gives its place in the
	 * queue up, cancelling it later interrupts nothing but frees the worker once the work
	 * returns.
	 * @param work the work
	 * @param <T> the type of its result
	 * @return the work's result
	 */
	default <T> Mono<T> run(Callable<? extends @Nullable T> work) {
		return run(new BlockingWork<T>(work, null));
	}

	/**
	 * Runs blocking work as {@link #run(Callable)} does, described for the
	 * {@code workers} endpoint and the dashboard while it runs.
	 * @param description what the work is
	 * @param work the work
	 * @param <T> the type of its result
	 * @return the work's result
	 */
	default <T> Mono<T> run(WorkDescription description, Callable<? extends @Nullable T> work) {
		return run(new BlockingWork<T>(work, description));
	}

	/**
	 * Runs a unit of work as a job on one of the pool's workers: on an idle one at once,
	 * or on the next one freed after waiting in the queue, where it is answered by
	 * {@link JobWork#rejected} if the queue is full, the allocate timeout passes or the
	 * pool drains. The worker comes back exactly once whether the work completes, fails,
	 * is cancelled (also while it waits), throws or runs past the exec TTL.
	 * @param work the work
	 * @param <T> the type of its result
	 * @return the work's result, or the rejection's
	 */
	<T> Mono<T> run(JobWork<T> work);

	/**
	 * Reboots every worker's kernel, one worker at a time, while the others keep taking
	 * jobs: an idle worker is rebooted at once, a busy one after its current job (reason
	 * {@link RebootReason#RESET}, unless a reboot strategy reboots it first for its own
	 * reason). The pool never has more than one worker less. A worker whose kernel cannot
	 * boot is skipped and listed as such.
	 * @return completes once every worker is back with a new kernel or skipped; fails if
	 * it is part of a job's own chain on a worker of this pool, which would wait for
	 * itself
	 */
	Mono<RollingResetResult> rollingReset();

	/**
	 * Returns the number of workers.
	 * @return the pool size
	 */
	int size();

	/**
	 * Returns the number of jobs waiting for a worker.
	 * @return the queue length
	 */
	int waitingCount();

	/**
	 * Returns the number of workers free to take a job.
	 * @return the idle workers
	 */
	int idleCount();

	/**
	 * Returns the number of workers in a state.
	 * @param state the state
	 * @return how many workers are in it; {@code 0} when the pool is not running
	 */
	int count(WorkerState state);

	/**
	 * Tells whether the pool takes new jobs: it has started and is not draining.
	 * @return {@code true} if jobs are given workers
	 */
	boolean isAccepting();

	/**
	 * Tells whether the pool's workers are up: it has started and not yet stopped
	 * (draining included).
	 * @return {@code true} while the pool runs
	 */
	boolean isRunning();

	/**
	 * Returns a snapshot of every worker, by id.
	 * @return the workers, empty when the pool is not running
	 */
	List<WorkerInfo> workers();

	/**
	 * Returns a snapshot of one worker.
	 * @param id the worker id
	 * @return the worker, empty if there is none with that id
	 */
	Optional<WorkerInfo> worker(int id);

}
