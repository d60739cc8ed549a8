package dev.workerstarter.kernel;

/**
 * Implemented by a {@link WorkerScoped worker-scoped} bean that keeps per-request state:
 * {@link #reset()} is called after every job the bean took part in, before the worker takes
 * its next job. Keep it quick and non-blocking: it may run on the thread that completed the
 * response.
 */
@FunctionalInterface
public interface WorkerResettable {

	/**
	 * Clears the state left by the job that just finished. An exception thrown here reboots the
	 * worker's kernel, as the bean's state can no longer be trusted.
	 */
	void reset();

}
