package dev.workerstarter.pool;

/**
 * Signals that the pool could not give a request a worker; answered with {@code 503} and
 * a {@code Retry-After} header. Carries no stack trace: it is a normal outcome under
 * load.
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
