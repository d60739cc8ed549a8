package dev.workerstarter.web.internal;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

import dev.workerstarter.kernel.internal.KernelJob;

/**
 * Passes signals on with a job (and its binding) bound to the thread that delivers them,
 * so that code reacting to them (and tasks it schedules) sees the job.
 *
 * @param <T> the element type
 */
final class JobBoundSubscriber<T> implements CoreSubscriber<T>, Subscription {

	private final CoreSubscriber<? super T> actual;

	private final KernelJob job;

	private Subscription upstream;

	JobBoundSubscriber(CoreSubscriber<? super T> actual, KernelJob job) {
		this.actual = actual;
		this.job = job;
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(T value) {
		Object token = this.job.enter();
		try {
			this.actual.onNext(value);
		}
		finally {
			KernelJob.exit(token);
		}
	}

	@Override
	public void onError(Throwable error) {
		Object token = this.job.enter();
		try {
			this.actual.onError(error);
		}
		finally {
			KernelJob.exit(token);
		}
	}

	@Override
	public void onComplete() {
		Object token = this.job.enter();
		try {
			this.actual.onComplete();
		}
		finally {
			KernelJob.exit(token);
		}
	}

	@Override
	public void request(long n) {
		this.upstream.request(n);
	}

	@Override
	public void cancel() {
		this.upstream.cancel();
	}

}
