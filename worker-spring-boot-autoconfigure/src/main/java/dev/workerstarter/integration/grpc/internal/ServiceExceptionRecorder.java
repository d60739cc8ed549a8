package dev.workerstarter.integration.grpc.internal;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Records on the job what the service's code throws, and the cause of a status it closes
 * its call with, before Spring's exception handling turns either into a status: like an
 * exception an {@code @ExceptionHandler} handled in WebFlux, it still counts for the
 * reboot strategies and the {@code WorkerExceptionEvent} ({@link CountedExceptions} says
 * what counts). The innermost global interceptor, next to the service; it finds the job
 * bound to the worker's thread, where {@link WorkerCallInterceptor} starts the call, and
 * leaves calls that run without a worker alone.
 */
public final class ServiceExceptionRecorder implements ServerInterceptor {

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		KernelJob job = WorkerContextHolder.get();
		if (job == null) {
			return next.startCall(call, headers);
		}
		ServerCall.Listener<ReqT> listener;
		try {
			listener = next.startCall(new RecordingCall<>(call, job), headers);
		}
		catch (Throwable ex) {
			record(job, ex);
			throw ex;
		}
		return new RecordingListener<>(listener, job);
	}

	private static void record(KernelJob job, Throwable thrown) {
		Throwable counted = CountedExceptions.thrown(thrown);
		if (counted != null) {
			job.recordException(counted);
		}
	}

	private static final class RecordingCall<ReqT, RespT>
			extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

		private final KernelJob job;

		RecordingCall(ServerCall<ReqT, RespT> delegate, KernelJob job) {
			super(delegate);
			this.job = job;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			Throwable cause = CountedExceptions.closedWith(status);
			if (cause != null) {
				this.job.recordException(cause);
			}
			super.close(status, trailers);
		}

	}

	private static final class RecordingListener<ReqT>
			extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

		private final KernelJob job;

		RecordingListener(ServerCall.Listener<ReqT> delegate, KernelJob job) {
			super(delegate);
			this.job = job;
		}

		@Override
		public void onMessage(ReqT message) {
			try {
				super.onMessage(message);
			}
			catch (Throwable ex) {
				record(this.job, ex);
				throw ex;
			}
		}

		@Override
		public void onHalfClose() {
			try {
				super.onHalfClose();
			}
			catch (Throwable ex) {
				record(this.job, ex);
				throw ex;
			}
		}

		@Override
		public void onReady() {
			try {
				super.onReady();
			}
			catch (Throwable ex) {
				record(this.job, ex);
				throw ex;
			}
		}

		@Override
		public void onCancel() {
			try {
				super.onCancel();
			}
			catch (Throwable ex) {
				record(this.job, ex);
				throw ex;
			}
		}

		@Override
		public void onComplete() {
			try {
				super.onComplete();
			}
			catch (Throwable ex) {
				record(this.job, ex);
				throw ex;
			}
		}

	}

}
