package dev.workerstarter.event;

/**
 * Published when a worker has booted its first kernel, before it takes its first job.
 */
public class WorkerStartedEvent extends WorkerEvent {

	/**
	 * Creates an event.
	 * @param source the worker pool
	 * @param workerId the id of the worker that started
	 */
	public WorkerStartedEvent(Object source, int workerId) {
		super(source, workerId);
	}

	@Override
	public String toString() {
		return "WorkerStartedEvent[worker=" + workerId() + "]";
	}

}
