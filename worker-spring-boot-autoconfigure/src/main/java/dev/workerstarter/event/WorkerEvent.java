package dev.workerstarter.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events a worker publishes through the application's
 * {@code ApplicationEventPublisher}; receive them with {@code @EventListener}. Listeners
 * run synchronously on the thread that drives the worker's life cycle: keep them quick.
 */
public abstract class WorkerEvent extends ApplicationEvent {

	private final int workerId;

	/**
	 * Creates an event.
	 * @param source the worker pool that published the event
	 * @param workerId the id of the worker concerned
	 */
	protected WorkerEvent(Object source, int workerId) {
		super(source);
		this.workerId = workerId;
	}

	/**
	 * Returns the id of the worker concerned, from {@code 1} to the pool size.
	 * @return the worker id
	 */
	public int workerId() {
		return this.workerId;
	}

}
