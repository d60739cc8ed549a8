package dev.workerstarter.pool;

/**
 * Why a worker gave up its thread and kernel and went on with new ones.
 */
public enum ReplacementCause {

	/**
	 * A job ran past {@code worker.supervisor.exec-ttl}; its thread and kernel were
	 * abandoned.
	 */
	EXEC_TTL,

	/**
	 * A new kernel failed to boot; the worker retries with another one after a back-off.
	 */
	BOOT_FAILURE

}
