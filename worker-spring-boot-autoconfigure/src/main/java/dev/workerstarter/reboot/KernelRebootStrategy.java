package dev.workerstarter.reboot;

/**
 * Decides, after each job, whether the worker's kernel must be rebooted. Every configured
 * strategy sees every finished job; the kernel is rebooted if any of them says so. A bean
 * of this type can be named in {@code worker.kernel-reboot.strategy} next to the built-in
 * strategies. Implementations are shared by all workers, of every pool whose strategies
 * name the bean, and must be thread-safe. Worker ids start from {@code 1} in every pool
 * and neither {@link FinishedJob} nor {@link #kernelBooted(int)} tells the pool: a
 * strategy that keeps state by worker id must not be named by two pools.
 */
@FunctionalInterface
public interface KernelRebootStrategy {

	/**
	 * Tells whether the kernel that handled the given job must be rebooted before the
	 * worker takes its next job. Called on the thread that finished the job: keep it
	 * quick.
	 * @param job the finished job
	 * @return {@code true} to reboot the kernel
	 */
	boolean shouldReboot(FinishedJob job);

	/**
	 * Returns the reason reported when this strategy asks for a reboot.
	 * @return the reboot reason, {@link RebootReason#CUSTOM} by default
	 */
	default RebootReason reason() {
		return RebootReason.CUSTOM;
	}

	/**
	 * Called when a worker's kernel has booted, before it takes its first job.
	 * @param workerId the id of the worker whose kernel booted
	 */
	default void kernelBooted(int workerId) {
	}

}
