package dev.workerstarter.reboot;

/**
 * Why a worker's kernel was rebooted.
 */
public enum RebootReason {

	/** The job threw an exception that is not an allowed exception. */
	EXCEPTION,

	/** The kernel handled its share of jobs ({@code max_jobs} strategy). */
	MAX_JOBS,

	/** The kernel is rebooted after every job ({@code always} strategy). */
	ALWAYS,

	/** Heap usage passed the configured threshold. */
	MEMORY,

	/**
	 * Requested by application code through {@code WorkerContext.requestKernelReboot()}.
	 */
	FORCED,

	/** The worker outlived its time to live. */
	TTL,

	/** The kernel was idle for longer than its idle time to live. */
	IDLE_TTL,

	/** An operator reset the pool. */
	RESET,

	/** A user-supplied {@link KernelRebootStrategy} asked for it. */
	CUSTOM

}
