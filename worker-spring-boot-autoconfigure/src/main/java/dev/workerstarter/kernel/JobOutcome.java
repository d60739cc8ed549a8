package dev.workerstarter.kernel;

/**
 * How a job ended, as tagged on the job metrics and recorded in the job's flight recorder
 * event.
 */
public enum JobOutcome {

	/** The response completed and no exception was recorded. */
	SUCCESS,

	/**
	 * The handling threw, also when an exception handler turned the exception into a
	 * response.
	 */
	ERROR,

	/** The client went away before the response completed. */
	CANCELLED,

	/** The job ran past {@code worker.supervisor.exec-ttl} and was ended. */
	TIMEOUT

}
