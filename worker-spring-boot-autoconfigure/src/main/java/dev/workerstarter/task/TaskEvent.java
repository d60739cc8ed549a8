package dev.workerstarter.task;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

import dev.workerstarter.internal.EventTypes;

/**
 * Base class of the events of a task's life, published through the application's
 * {@code ApplicationEventPublisher} by {@link WorkerTasks}; receive them with
 * {@code @EventListener}. Listeners run synchronously: the started event on the worker,
 * with the task's job bound, the others where the task ended.
 */
public abstract class TaskEvent extends ApplicationEvent implements ResolvableTypeProvider {

	private final long taskId;

	private final String taskName;

	private final String poolName;

	private final int workerId;

	/**
	 * Creates an event.
	 * @param source the {@link WorkerTasks} that ran the task
	 * @param taskId the task's id
	 * @param taskName the task's name
	 * @param poolName the name of the pool the task was given to
	 * @param workerId the id of the worker that ran it, {@code 0} if none did
	 */
	protected TaskEvent(Object source, long taskId, String taskName, String poolName, int workerId) {
		super(source);
		this.taskId = taskId;
		this.taskName = taskName;
		this.poolName = poolName;
		this.workerId = workerId;
	}

	/**
	 * Returns the task's id, unique in the application, from {@code 1}, in the order the
	 * tasks were given.
	 * @return the task id
	 */
	public long taskId() {
		return this.taskId;
	}

	/**
	 * Returns the task's name: the timer's name for a timer's run, else {@code task}.
	 * @return the task name
	 */
	public String taskName() {
		return this.taskName;
	}

	/**
	 * Returns the name of the pool the task was given to ({@code worker.tasks.pool}).
	 * @return the pool name
	 */
	public String poolName() {
		return this.poolName;
	}

	/**
	 * Returns the id of the worker that ran the task, within its pool.
	 * @return the worker id, from {@code 1} to the pool size, or {@code 0} when no worker
	 * ran the task (it was rejected)
	 */
	public int workerId() {
		return this.workerId;
	}

	/**
	 * Returns this event's type, resolved once per event class.
	 * @return the type of this event's class
	 */
	@Override
	public ResolvableType getResolvableType() {
		return EventTypes.of(this);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[task " + this.taskId + " (" + this.taskName + ") on pool " + this.poolName
				+ ", worker " + this.workerId + "]";
	}

}
