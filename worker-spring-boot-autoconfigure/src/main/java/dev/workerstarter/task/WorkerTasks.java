package dev.workerstarter.task;

import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * Runs tasks, pieces of blocking work, as jobs on the workers of the pool named by
 * {@code worker.tasks.pool}, a bean. A task has every guarantee a request has: it runs on
 * the worker's own thread with the worker-scoped beans of its kernel, a throw counts for
 * the reboot strategies, the exec TTL ends it, and the pool's events, meters and MDC
 * cover it. Every task is published as a {@link TaskStartedEvent} once it runs, then as a
 * {@link TaskFinishedEvent} or a {@link TaskFailedEvent}; a task the pool refuses is
 * published as a {@link TaskFailedEvent} too. Nothing is dropped in silence.
 * <p>
 * Tasks are queued as soon as they are given, like
 * {@link java.util.concurrent.ExecutorService#submit(Callable)}: they wait for a worker
 * in the pool's queue, which blocks no thread, and run whether or not anybody subscribes
 * to their result.
 */
public interface WorkerTasks {

	/**
	 * Runs a task and forgets it. A failure, or a rejection once the task has waited for
	 * a worker (the allocate timeout passed, the pool started draining), is logged at
	 * {@code ERROR}, published as a {@link TaskFailedEvent} and counted.
	 * @param task the task
	 * @throws WorkerRejectedException if the pool refuses the task at once: its queue is
	 * full or it is draining
	 */
	void dispatch(Runnable task);

	/**
	 * Runs a task and gives its result. The task is queued at once; the {@code Mono}
	 * replays its result to every subscriber: the value it returns, empty when it returns
	 * {@code null}, or an error with what it throws, a {@link WorkerRejectedException} if
	 * the pool refuses it, or a {@link JobTimeoutException} if it runs past the exec TTL.
	 * Cancelling a subscriber does not cancel the task.
	 * @param task the task
	 * @param <T> the type of its result
	 * @return the task's result
	 */
	<T> Mono<T> submit(Callable<? extends @Nullable T> task);

	/**
	 * Runs several tasks at once, each as with {@link #submit(Callable)}, all queued at
	 * once.
	 * @param tasks the tasks
	 * @param <T> the type of their results
	 * @return their results in the order of the tasks, {@code null} for a task that
	 * returned {@code null}; fails with the first failure, while the other tasks go on
	 */
	<T> Mono<List<@Nullable T>> concurrently(List<? extends Callable<? extends @Nullable T>> tasks);

	/**
	 * Runs several tasks at once, each as with {@link #submit(Callable)}, all queued at
	 * once.
	 * @param tasks the tasks, whose results may be of different types
	 * @return their results in the order of the tasks, {@code null} for a task that
	 * returned {@code null}; fails with the first failure, while the other tasks go on
	 */
	default Mono<List<@Nullable Object>> concurrently(Callable<?>... tasks) {
		return concurrently(List.of(tasks));
	}

}
