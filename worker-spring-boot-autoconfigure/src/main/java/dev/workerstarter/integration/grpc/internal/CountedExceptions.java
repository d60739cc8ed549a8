package dev.workerstarter.integration.grpc.internal;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;

/**
 * What of a call's handling counts as an exception of its job (for the reboot strategies
 * and the {@code WorkerExceptionEvent}). A status is gRPC's answer, as a response status
 * is HTTP's: a service that closes its call with {@code NOT_FOUND}, or throws
 * {@code Status.NOT_FOUND.asRuntimeException()}, has answered, and nothing counts. An
 * exception counts: one the service throws, and the cause a status carries (the status of
 * {@code responseObserver.onError(someException)} is {@code UNKNOWN} with that cause).
 */
final class CountedExceptions {

	private CountedExceptions() {
	}

	/**
	 * Tells what counts of an exception thrown by the service's code.
	 * @param thrown the exception
	 * @return the exception, or {@code null} for a status exception without a cause
	 */
	static @Nullable Throwable thrown(Throwable thrown) {
		Status status = null;
		if (thrown instanceof StatusRuntimeException ex) {
			status = ex.getStatus();
		}
		else if (thrown instanceof StatusException ex) {
			status = ex.getStatus();
		}
		return (status != null && status.getCause() == null) ? null : thrown;
	}

	/**
	 * Tells what counts of the status a call is closed with.
	 * @param status the status
	 * @return the cause of a status other than {@code OK}, or {@code null}
	 */
	static @Nullable Throwable closedWith(Status status) {
		return status.isOk() ? null : status.getCause();
	}

}
