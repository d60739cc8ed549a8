package dev.workerstarter.pool;

/**
 * Why the pool refused a request a worker.
 */
public enum RejectionReason {

	/** As many requests as {@code worker.pool.max-queue-size} were already waiting. */
	QUEUE_FULL,

	/** No worker became free within {@code worker.pool.allocate-timeout}. */
	TIMEOUT,

	/** The pool is shutting down. */
	DRAINING

}
