package dev.workerstarter.event;

/**
 * Published once for each job whose handling threw an exception, also when an
 * {@code @ExceptionHandler} or the error handler turned the exception into a response,
 * and when a middleware or a {@code WorkerResettable} failed. Client disconnects are not
 * exceptions.
 */
public class WorkerExceptionEvent extends WorkerEvent {

	private final Throwable exception;

	private final long jobNumber;

	/**
	 * Creates an event.
	 * @param source the worker pool
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker whose job failed
	 * @param jobNumber the number of the failed job within the worker's kernel
	 * @param exception the exception
	 */
	public WorkerExceptionEvent(Object source, String poolName, int workerId, long jobNumber, Throwable exception) {
		super(source, poolName, workerId);
		this.jobNumber = jobNumber;
		this.exception = exception;
	}

	/**
	 * Returns the exception the job threw.
	 * @return the exception
	 */
	public Throwable exception() {
		return this.exception;
	}

	/**
	 * Returns the number of the failed job within the worker's kernel.
	 * @return the job number
	 */
	public long jobNumber() {
		return this.jobNumber;
	}

	@Override
	public String toString() {
		return "WorkerExceptionEvent[pool=" + poolName() + ", worker=" + workerId() + ", job=" + this.jobNumber
				+ ", exception=" + this.exception + "]";
	}

}
