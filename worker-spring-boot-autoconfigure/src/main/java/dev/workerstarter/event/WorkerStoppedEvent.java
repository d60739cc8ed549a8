package dev.workerstarter.event;

/**
 * Published on shutdown, once the worker's in-flight job has finished (or the pool's
 * {@code destroy-timeout} has passed), right before its kernel is destroyed.
 */
public class WorkerStoppedEvent extends WorkerEvent {

	/**
	 * Creates an event.
	 * @param source the worker pool
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker that stops
	 */
	public WorkerStoppedEvent(Object source, String poolName, int workerId) {
		super(source, poolName, workerId);
	}

	@Override
	public String toString() {
		return "WorkerStoppedEvent[pool=" + poolName() + ", worker=" + workerId() + "]";
	}

}
