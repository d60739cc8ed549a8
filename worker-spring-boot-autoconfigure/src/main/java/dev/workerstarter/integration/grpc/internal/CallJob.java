package dev.workerstarter.integration.grpc.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.workerstarter.kernel.RunningJob;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkDescription;

/**
 * One gRPC call as a job: the listener gRPC delivers the call's callbacks to, and the
 * work the pool runs. The job starts the call ({@code next.startCall}) on the worker's
 * own thread, where every callback then runs in the order gRPC delivered it, with the
 * call's gRPC {@link Context} attached; callbacks that come while the call waits for a
 * worker wait with it. The job lasts until the service has seen the call end
 * ({@code onComplete} or {@code onCancel}). A client that goes away while the call waits
 * gives up its place in the queue; one that goes away later ends the job as cancelled,
 * not failed. A rejected call, or one past the exec TTL, is closed with a status saying
 * so, and what comes for it afterwards is dropped.
 *
 * @param <ReqT> the type of the requests
 * @param <RespT> the type of the responses
 */
final class CallJob<ReqT, RespT> extends ServerCall.Listener<ReqT> implements JobWork<Void> {

	private static final Log logger = LogFactory.getLog(CallJob.class);

	// What gRPC closes a call with when the application's listener throws.
	private static final String APPLICATION_ERROR = "Application error processing RPC";

	private final SerializedServerCall<ReqT, RespT> call;

	private final Metadata headers;

	private final ServerCallHandler<ReqT, RespT> next;

	private final Context context;

	private final CallbackQueue callbacks = new CallbackQueue();

	private final Sinks.Empty<Void> done = Sinks.empty();

	private volatile @Nullable Subscription run;

	private volatile @Nullable KernelJob job;

	// Used only by the queue's tasks, one after the other on the worker's thread.
	private ServerCall.@Nullable Listener<ReqT> service;

	CallJob(SerializedServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next,
			Context context) {
		this.call = call;
		this.headers = headers;
		this.next = next;
		this.context = context;
	}

	// The work: called with the job bound, once the call has a worker.

	@Override
	public Mono<Void> start(RunningJob running) {
		KernelJob job = (KernelJob) running;
		this.job = job;
		this.call.job(job);
		boolean started;
		try {
			started = this.callbacks.start(job.executor(), this::startCall);
		}
		catch (RejectedExecutionException ex) {
			// the worker's kernel is gone: the pool stopped past its destroy timeout
			this.call.abandon(Status.UNAVAILABLE.withDescription(rejection(RejectionReason.DRAINING)));
			return Mono.empty();
		}
		if (!started) {
			job.markCancelled(); // the client went away while the worker was on its way
			return Mono.empty();
		}
		return this.done.asMono();
	}

	@Override
	public WorkDescription describe() {
		return new WorkDescription(WorkDescription.GRPC, this.call.getMethodDescriptor().getFullMethodName());
	}

	@Override
	public Mono<Void> rejected(RejectionReason reason) {
		this.callbacks.close();
		this.call.abandon(Status.UNAVAILABLE.withDescription(rejection(reason)));
		return Mono.empty();
	}

	static String rejection(RejectionReason reason) {
		return switch (reason) {
			case QUEUE_FULL -> "No worker available: every worker is busy and the queue is full; retry later";
			case TIMEOUT -> "No worker available: none became free in time; retry later";
			case DRAINING -> "No worker available: the server is shutting down";
		};
	}

	private void startCall() {
		Context previous = this.context.attach();
		try {
			this.service = this.next.startCall(this.call, this.headers);
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			Metadata trailers = Status.trailersFromThrowable(ex);
			failed(ex, Status.fromThrowable(ex), (trailers != null) ? trailers : new Metadata());
		}
		finally {
			this.context.detach(previous);
		}
	}

	// The listener: called by gRPC, one callback at a time, on its own threads.

	@Override
	public void onMessage(ReqT message) {
		dispatch((service) -> service.onMessage(message));
	}

	@Override
	public void onHalfClose() {
		dispatch(ServerCall.Listener::onHalfClose);
	}

	@Override
	public void onReady() {
		dispatch(ServerCall.Listener::onReady);
	}

	@Override
	public void onCancel() {
		if (this.callbacks.closeIfWaiting()) {
			Subscription run = this.run;
			if (run != null) {
				run.cancel(); // no worker yet: give up the place in the queue
			}
			return;
		}
		end(ServerCall.Listener::onCancel, true);
	}

	@Override
	public void onComplete() {
		end(ServerCall.Listener::onComplete, false);
	}

	private void dispatch(Consumer<ServerCall.Listener<ReqT>> callback) {
		Context context = Context.current();
		this.callbacks.offer(() -> deliver(context, callback));
	}

	// The last callback: the job ends once the service has seen it.
	private void end(Consumer<ServerCall.Listener<ReqT>> callback, boolean cancelled) {
		Context context = Context.current();
		this.callbacks.offer(() -> {
			try {
				deliver(context, callback);
			}
			finally {
				this.callbacks.close();
				KernelJob job = this.job;
				if (cancelled && job != null) {
					job.markCancelled();
				}
				this.done.tryEmitEmpty();
			}
		});
	}

	private void deliver(Context context, Consumer<ServerCall.Listener<ReqT>> callback) {
		ServerCall.Listener<ReqT> service = this.service;
		if (service == null) {
			return; // the call failed to start and was closed
		}
		Context previous = context.attach();
		try {
			callback.accept(service);
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			failed(ex, Status.UNKNOWN.withDescription(APPLICATION_ERROR).withCause(ex), new Metadata());
		}
		finally {
			context.detach(previous);
		}
	}

	// What gRPC does when the application throws, since it no longer sees the throw.
	private void failed(Throwable ex, Status status, Metadata trailers) {
		Throwable counted = CountedExceptions.thrown(ex);
		KernelJob job = this.job;
		if (counted != null && job != null) {
			job.recordException(counted);
		}
		if (this.call.isAbandoned()) {
			return; // the client has its answer: the service ran on after it
		}
		if (counted != null) {
			logger.warn(this.call.describe() + " failed on " + job + "; closing it with " + status.getCode(), ex);
		}
		this.call.closeAfterFailure(status, trailers);
	}

	/**
	 * Subscribes to the job's run on the pool.
	 * @param run the run, subscribed to at once
	 */
	void subscribeTo(Mono<Void> run) {
		run.subscribe(new RunSubscriber());
	}

	// Told how the job's run ended: only the pool's own errors reach it.
	private final class RunSubscriber implements CoreSubscriber<Void> {

		@Override
		public void onSubscribe(Subscription subscription) {
			CallJob.this.run = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void value) {
		}

		@Override
		public void onError(Throwable error) {
			CallJob.this.callbacks.close();
			if (error instanceof JobTimeoutException timeout) {
				CallJob.this.call.abandon(Status.DEADLINE_EXCEEDED.withDescription("The call ran longer than "
						+ timeout.execTtlKey() + " (" + timeout.execTtl() + ") and was cancelled"));
				return;
			}
			logger.error("The worker pool failed to run " + CallJob.this.call.describe(), error);
			CallJob.this.call.abandon(Status.INTERNAL.withDescription("The server failed to run the call on a worker"));
		}

		@Override
		public void onComplete() {
		}

	}

}
