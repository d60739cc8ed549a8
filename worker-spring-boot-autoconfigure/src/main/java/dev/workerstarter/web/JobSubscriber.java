package dev.workerstarter.web;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.web.util.DisconnectedClientHelper;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.middleware.MiddlewareChain;
import dev.workerstarter.observation.WorkerObservations;
import dev.workerstarter.reboot.RebootReason;

/**
 * Receives the outcome of a job's chain: records its error (a client disconnect is not one),
 * passes the outcome on, then releases the job's hold, once, whether the chain completed,
 * failed or was cancelled. A job that expires has its chain cancelled and fails with the
 * expiry's error instead.
 */
final class JobSubscriber implements CoreSubscriber<Void>, Subscription {

	private static final AtomicIntegerFieldUpdater<JobSubscriber> DONE = AtomicIntegerFieldUpdater
		.newUpdater(JobSubscriber.class, "done");

	private final CoreSubscriber<? super Void> actual;

	private final Job job;

	private final MiddlewareChain middlewares;

	private final Context context;

	private final @Nullable Observation observation;

	private Subscription upstream;

	private volatile int done;

	JobSubscriber(CoreSubscriber<? super Void> actual, Job job, MiddlewareChain middlewares,
			@Nullable Observation observation) {
		this.actual = actual;
		this.job = job;
		this.middlewares = middlewares;
		this.observation = observation;
		Context context = actual.currentContext().put(WorkerContext.CONTEXT_KEY, job);
		if (observation != null) {
			context = context.put(WorkerObservations.CONTEXT_KEY, observation);
		}
		JobBinding binding = job.binding();
		this.context = (binding != null) ? binding.write(context) : context;
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
			this.job.onExpiry(this::expire);
		}
	}

	@Override
	public void onNext(Void value) {
	}

	@Override
	public void onError(Throwable error) {
		if (!finish()) {
			Operators.onErrorDropped(error, this.context);
			return;
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
			this.job.markCancelled();
		}
		else {
			this.job.recordException(error);
			if (this.middlewares.raisedByMiddleware(error, this.job)) {
				this.job.requireReboot(RebootReason.EXCEPTION);
			}
		}
		stopObservation();
		try {
			this.actual.onError(error);
		}
		finally {
			this.job.release();
		}
	}

	@Override
	public void onComplete() {
		if (!finish()) {
			return;
		}
		stopObservation();
		try {
			this.actual.onComplete();
		}
		finally {
			this.job.release();
		}
	}

	@Override
	public void request(long n) {
		this.upstream.request(n);
	}

	@Override
	public void cancel() {
		this.upstream.cancel();
		if (finish()) {
			this.job.markCancelled();
			stopObservation();
			this.job.release();
		}
	}

	// The supervisor ended a job that ran too long: stop the handling, answer with the error.
	private void expire(Throwable ex) {
		if (finish()) {
			this.upstream.cancel();
			stopObservation();
			this.actual.onError(ex);
		}
	}

	private void stopObservation() {
		if (this.observation != null) {
			WorkerObservations.stopJob(this.observation, this.job);
		}
	}

	private boolean finish() {
		return DONE.compareAndSet(this, 0, 1);
	}

}
