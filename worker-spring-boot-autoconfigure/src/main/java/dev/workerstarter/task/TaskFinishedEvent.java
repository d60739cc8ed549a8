package dev.workerstarter.task;

/**
 * Published when a task has returned.
 */
public final class TaskFinishedEvent extends TaskEvent {

	/**
	 * Creates an event.
	 * @param source the {@link WorkerTasks} that ran the task
	 * @param taskId the task's id
	 * @param taskName the task's name
	 * @param poolName the name of the task's pool
	 * @param workerId the id of the worker that ran it
	 */
	public TaskFinishedEvent(Object source, long taskId, String taskName, String poolName, int workerId) {
		super(source, taskId, taskName, poolName, workerId);
	}

}
