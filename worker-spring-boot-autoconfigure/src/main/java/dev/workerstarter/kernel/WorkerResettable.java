package dev.workerstarter.kernel;

/**
 * Implemented by a {@link WorkerScoped worker-scoped} bean that keeps per-request state:
 * {@link #reset()} is called after every job the bean took part in, before the worker
 * takes its next job. It runs on the worker's own thread with the job still bound, so
 * {@link WorkerContext#current()} tells which job it follows and
 * {@link WorkerContext#requestKernelReboot()} reboots the kernel after it (reason
 * {@code FORCED}) when the bean is beyond a reset. Keep it quick: the worker takes no job
 * until it returns.
 *
 * @see WorkerResetAdapter
 */
@FunctionalInterface
public interface WorkerResettable {

	/**
	 * Clears the state left by the job that just finished. An exception thrown here
	 * reboots the worker's kernel, as the bean's state can no longer be trusted.
	 */
	void reset();

}
