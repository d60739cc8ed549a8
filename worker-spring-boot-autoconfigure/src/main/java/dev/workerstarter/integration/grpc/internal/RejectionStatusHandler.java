package dev.workerstarter.integration.grpc.internal;

import io.grpc.Status;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import dev.workerstarter.pool.WorkerRejectedException;

/**
 * Answers a call whose service ran work on a pool that rejected it
 * ({@code pools.pool("reports").run(...)} failing with a {@link WorkerRejectedException})
 * as a rejected call is answered: {@code UNAVAILABLE}, where gRPC would say
 * {@code UNKNOWN}; a request is answered {@code 503} the same way. The last of the
 * exception handlers, so that the application's own come first.
 */
public final class RejectionStatusHandler implements GrpcExceptionHandler {

	@Override
	public @Nullable StatusException handleException(Throwable exception) {
		if (exception instanceof WorkerRejectedException rejected) {
			return Status.UNAVAILABLE.withDescription(CallJob.rejection(rejected.reason())).asException();
		}
		return null;
	}

}
