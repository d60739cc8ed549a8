package dev.workerstarter.event;

/**
 * Published when a worker has booted its first kernel, before it takes its first job.
 */
public class WorkerStartedEvent extends WorkerEvent {

	/**
	 * Creates an event.
	 * @param source the worker pool
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker that started
	 */
	public WorkerStartedEvent(Object source, String poolName, int workerId) {
		super(source, poolName, workerId);
	}

	@Override
	public String toString() {
		return "WorkerStartedEvent[pool=" + poolName() + ", worker=" + workerId() + "]";
	}

}
