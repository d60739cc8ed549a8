package dev.workerstarter.pool;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Signals that a pool could not give a job a worker: its queue was full, the allocate
 * timeout passed or it was draining. A request is answered with {@code 503} and a
 * {@code Retry-After} header; work run through {@link WorkerPool#run(JobWork)} or
 * {@link WorkerPool#run(java.util.concurrent.Callable)} fails with this exception, a
 * {@code 503} {@link ResponseStatusException}: a request whose handler runs work on a
 * pool that rejects it is answered {@code 503} too, and, an {@code ErrorResponse}, it
 * does not reboot the request's kernel under the default {@code on_exception} strategy.
 * Carries no stack trace: it is a normal outcome under load.
 */
public final class WorkerRejectedException extends ResponseStatusException {

	private static final long serialVersionUID = 1L;

	private final RejectionReason reason;

	/**
	 * Creates an exception.
	 * @param reason why the request was rejected
	 */
	public WorkerRejectedException(RejectionReason reason) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "No worker available: " + reason);
		this.reason = reason;
	}

	// A normal outcome under load: no stack trace to fill.
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/**
	 * Returns why the request was rejected.
	 * @return the reason
	 */
	public RejectionReason reason() {
		return this.reason;
	}

}
