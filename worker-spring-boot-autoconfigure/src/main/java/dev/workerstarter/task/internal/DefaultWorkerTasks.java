package dev.workerstarter.task.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.task.TaskFailedEvent;
import dev.workerstarter.task.TaskFinishedEvent;
import dev.workerstarter.task.TaskStartedEvent;
import dev.workerstarter.task.WorkerTasks;

/**
 * Runs tasks as jobs on one pool through {@link WorkerPool#run(Callable)}, which gives
 * them every guarantee of a job; publishes and counts each task's life.
 */
public final class DefaultWorkerTasks implements WorkerTasks {

	/** The name of a task that is not a timer's run. */
	public static final String TASK = "task";

	private static final Log logger = LogFactory.getLog(DefaultWorkerTasks.class);

	private static final WorkDescription TASK_WORK = new WorkDescription(WorkDescription.TASK, TASK);

	private final WorkerPool pool;

	private final IsolatedEvents events;

	private final TaskMeters meters;

	private final AtomicLong ids = new AtomicLong();

	/**
	 * Creates the tasks.
	 * @param pool the pool they run on
	 * @param events where their events are published
	 * @param meters where they are counted
	 */
	public DefaultWorkerTasks(WorkerPool pool, IsolatedEvents events, TaskMeters meters) {
		this.pool = pool;
		this.events = events;
		this.meters = meters;
	}

	/**
	 * Returns the pool the tasks run on.
	 * @return the pool
	 */
	public WorkerPool pool() {
		return this.pool;
	}

	@Override
	public void dispatch(Runnable task) {
		TaskRun<Object> run = new TaskRun<>(this, this.ids.incrementAndGet(), TASK, true);
		WorkerRejectedException refused = run.start(this.pool.run(TASK_WORK, run.work(() -> {
			task.run();
			return null;
		})));
		if (refused != null) {
			throw refused;
		}
	}

	@Override
	public <T> Mono<T> submit(Callable<? extends @Nullable T> task) {
		return submit(TASK, task);
	}

	/**
	 * Runs a named task, as {@link #submit(Callable)} does.
	 * @param name the task's name, in its events
	 * @param task the task
	 * @param <T> the type of its result
	 * @return the task's result
	 */
	public <T> Mono<T> submit(String name, Callable<? extends @Nullable T> task) {
		TaskRun<T> run = new TaskRun<>(this, this.ids.incrementAndGet(), name, false);
		WorkDescription description = TASK.equals(name) ? TASK_WORK : new WorkDescription(WorkDescription.TIMER, name);
		run.start(this.pool.run(description, run.work(task)));
		return run.result();
	}

	@Override
	public <T> Mono<List<@Nullable T>> concurrently(List<? extends Callable<? extends @Nullable T>> tasks) {
		if (tasks.isEmpty()) {
			return Mono.just(List.of());
		}
		List<Mono<Optional<T>>> results = new ArrayList<>(tasks.size());
		for (Callable<? extends @Nullable T> task : tasks) {
			results.add(this.<T>submit(task).map(Optional::of).defaultIfEmpty(Optional.empty()));
		}
		return Mono.zip(results, DefaultWorkerTasks::values);
	}

	@SuppressWarnings("unchecked")
	private static <T> List<@Nullable T> values(Object[] results) {
		List<@Nullable T> values = new ArrayList<>(results.length);
		for (Object result : results) {
			values.add(((Optional<T>) result).orElse(null));
		}
		return Collections.unmodifiableList(values);
	}

	void started(TaskRun<?> run) {
		this.events.publish(new TaskStartedEvent(this, run.id(), run.name(), this.pool.name(), run.workerId()));
	}

	void finished(TaskRun<?> run, long nanos) {
		this.meters.taskRan(this.pool.name(), false, nanos);
		this.events.publish(new TaskFinishedEvent(this, run.id(), run.name(), this.pool.name(), run.workerId()));
	}

	void failed(TaskRun<?> run, Throwable ex, long nanos, boolean log) {
		this.meters.taskRan(this.pool.name(), true, nanos);
		if (log) {
			logger.error("Task " + run.id() + " (" + run.name() + ") failed on worker " + run.workerId() + " of pool "
					+ this.pool.name(), ex);
		}
		this.events.publish(new TaskFailedEvent(this, run.id(), run.name(), this.pool.name(), run.workerId(), ex));
	}

	void rejected(TaskRun<?> run, WorkerRejectedException ex, boolean log) {
		this.meters.rejected(this.pool.name());
		if (log) {
			logger.error("Task " + run.id() + " (" + run.name() + ") was refused a worker by pool " + this.pool.name()
					+ ": " + ex.reason());
		}
		this.events.publish(new TaskFailedEvent(this, run.id(), run.name(), this.pool.name(), 0, ex));
	}

}
