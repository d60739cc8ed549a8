package dev.workerstarter.reboot;

import org.jspecify.annotations.Nullable;

/**
 * A job a worker has just finished, as seen by a {@link KernelRebootStrategy}.
 */
public interface FinishedJob {

	/**
	 * Returns the id of the worker that handled the job.
	 * @return the worker id
	 */
	int workerId();

	/**
	 * Returns the number of the job among those handled by the worker's current kernel,
	 * starting at {@code 1}.
	 * @return the job number
	 */
	long jobNumber();

	/**
	 * Returns the exception the job's handling threw, also when an
	 * {@code @ExceptionHandler} or the error handler turned it into a response.
	 * @return the exception, or {@code null} if the job succeeded
	 */
	@Nullable Throwable exception();

}
