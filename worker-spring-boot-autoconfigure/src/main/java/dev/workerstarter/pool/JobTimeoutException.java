package dev.workerstarter.pool;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Ends a job that ran longer than {@code worker.supervisor.exec-ttl}: its handling is
 * cancelled, the client is answered {@code 503}, and the worker gets a new kernel.
 * Published in the job's {@link dev.workerstarter.event.WorkerExceptionEvent}.
 */
public final class JobTimeoutException extends ResponseStatusException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param execTtl the limit the job passed
	 */
	public JobTimeoutException(Duration execTtl) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				"The request ran longer than " + execTtl + " (worker.supervisor.exec-ttl) and was cancelled");
	}

	// Raised by the supervisor, not by the job: a stack trace would only show the
	// supervisor.
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
