package dev.workerstarter.pool;

/**
 * Signals that a pool could not give a job a worker: its queue was full, the allocate
 * timeout passed or it was draining. A request is answered with {@code 503} and a
 * {@code Retry-After} header; work run through {@link WorkerPool#run(JobWork)} or
 * {@link WorkerPool#run(java.util.concurrent.Callable)} fails with this exception.
 * Carries no stack trace: it is a normal outcome under load.
 */
public final class WorkerRejectedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final RejectionReason reason;

	/**
	 * Creates an exception.
	 * @param reason why the request was rejected
	 */
	public WorkerRejectedException(RejectionReason reason) {
		super("No worker available: " + reason, null, false, false);
		this.reason = reason;
	}

	/**
	 * Returns why the request was rejected.
	 * @return the reason
	 */
	public RejectionReason reason() {
		return this.reason;
	}

}
