package dev.workerstarter.task;

/**
 * Published on the worker when a task starts, with its job bound: listeners see the
 * task's {@code WorkerContext} and worker-scoped beans.
 */
public final class TaskStartedEvent extends TaskEvent {

	/**
	 * Creates an event.
	 * @param source the {@link WorkerTasks} that runs the task
	 * @param taskId the task's id
	 * @param taskName the task's name
	 * @param poolName the name of the task's pool
	 * @param workerId the id of the worker that runs it
	 */
	public TaskStartedEvent(Object source, long taskId, String taskName, String poolName, int workerId) {
		super(source, taskId, taskName, poolName, workerId);
	}

}
