package dev.workerstarter.pool;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Ends a job that ran longer than its pool's exec TTL
 * ({@code worker.supervisor.exec-ttl}, or a named pool's
 * {@code worker.pools.<name>.supervisor.exec-ttl}): its handling is cancelled, the client
 * is answered {@code 503}, and the worker gets a new kernel. Published in the job's
 * {@link dev.workerstarter.event.WorkerExceptionEvent}.
 */
public final class JobTimeoutException extends ResponseStatusException {

	private static final long serialVersionUID = 1L;

	private final Duration execTtl;

	private final String execTtlKey;

	/**
	 * Creates an exception.
	 * @param execTtl the limit the job passed
	 * @param execTtlKey the key of that limit, for example
	 * {@code worker.supervisor.exec-ttl}
	 */
	public JobTimeoutException(Duration execTtl, String execTtlKey) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				"The request ran longer than " + execTtl + " (" + execTtlKey + ") and was cancelled");
		this.execTtl = execTtl;
		this.execTtlKey = execTtlKey;
	}

	/**
	 * Returns the limit the job passed.
	 * @return the exec TTL
	 */
	public Duration execTtl() {
		return this.execTtl;
	}

	/**
	 * Returns the key of the limit the job passed.
	 * @return the key, for example {@code worker.supervisor.exec-ttl}
	 */
	public String execTtlKey() {
		return this.execTtlKey;
	}

	// Raised by the supervisor, not by the job: a stack trace would only show the
	// supervisor.
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
