package dev.workerstarter.task;

import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * Published when a task failed: it threw, ran past the exec TTL
 * ({@link JobTimeoutException}), or was refused a worker
 * ({@link WorkerRejectedException}, with worker id {@code 0}).
 */
public final class TaskFailedEvent extends TaskEvent {

	private final Throwable exception;

	/**
	 * Creates an event.
	 * @param source the {@link WorkerTasks} that ran the task
	 * @param taskId the task's id
	 * @param taskName the task's name
	 * @param poolName the name of the task's pool
	 * @param workerId the id of the worker that ran it, {@code 0} if none did
	 * @param exception why it failed
	 */
	public TaskFailedEvent(Object source, long taskId, String taskName, String poolName, int workerId,
			Throwable exception) {
		super(source, taskId, taskName, poolName, workerId);
		this.exception = exception;
	}

	/**
	 * Returns why the task failed.
	 * @return what it threw, a {@link JobTimeoutException} or a
	 * {@link WorkerRejectedException}
	 */
	public Throwable exception() {
		return this.exception;
	}

}
