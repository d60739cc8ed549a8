package dev.workerstarter.web;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.WorkerContextHolder;

/**
 * Passes signals on with a job bound to the thread that delivers them, so that code reacting
 * to them (and tasks it schedules) sees the job.
 *
 * @param <T> the element type
 */
final class BindingSubscriber<T> implements CoreSubscriber<T>, Subscription {

	private final CoreSubscriber<? super T> actual;

	private final Job job;

	private Subscription upstream;

	BindingSubscriber(CoreSubscriber<? super T> actual, Job job) {
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
		Job previous = WorkerContextHolder.bind(this.job);
		try {
			this.actual.onNext(value);
		}
		finally {
			WorkerContextHolder.restore(previous);
		}
	}

	@Override
	public void onError(Throwable error) {
		Job previous = WorkerContextHolder.bind(this.job);
		try {
			this.actual.onError(error);
		}
		finally {
			WorkerContextHolder.restore(previous);
		}
	}

	@Override
	public void onComplete() {
		Job previous = WorkerContextHolder.bind(this.job);
		try {
			this.actual.onComplete();
		}
		finally {
			WorkerContextHolder.restore(previous);
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
