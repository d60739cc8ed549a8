package dev.workerstarter.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events a worker publishes through the application's
 * {@code ApplicationEventPublisher}; receive them with {@code @EventListener}. Listeners
 * run synchronously on the thread that drives the worker's life cycle: keep them quick.
 */
public abstract class WorkerEvent extends ApplicationEvent {

	private final String poolName;

	private final int workerId;

	/**
	 * Creates an event.
	 * @param source the worker pool that published the event
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker concerned
	 */
	protected WorkerEvent(Object source, String poolName, int workerId) {
		super(source);
		this.poolName = poolName;
		this.workerId = workerId;
	}

	/**
	 * Returns the name of the worker's pool: {@code default}, or the name of a pool
	 * configured under {@code worker.pools.<name>}.
	 * @return the pool name
	 */
	public String poolName() {
		return this.poolName;
	}

	/**
	 * Returns the id of the worker concerned within its pool, from {@code 1} to the pool
	 * size.
	 * @return the worker id
	 */
	public int workerId() {
		return this.workerId;
	}

}
