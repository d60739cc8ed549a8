package dev.workerstarter.task.internal;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * One task, from its submission to its end: subscribes to its job on the pool once,
 * publishes and counts how it went, and hands its result to whoever asked for it.
 *
 * @param <T> the type of the task's result
 */
final class TaskRun<T> implements CoreSubscriber<T> {

	private final DefaultWorkerTasks tasks;

	private final long id;

	private final String name;

	// null for a task dispatched and forgotten
	private final Sinks.@Nullable One<T> result;

	private final long submitted = System.nanoTime();

	// The thread subscribing to the job while it does, so that a rejection signalled
	// during the subscription is told apart from a later one. Only that thread ever
	// finds itself here.
	private @Nullable Thread subscribing;

	private @Nullable WorkerRejectedException refused;

	private volatile int workerId;

	private @Nullable T value;

	TaskRun(DefaultWorkerTasks tasks, long id, String name, boolean forgotten) {
		this.tasks = tasks;
		this.id = id;
		this.name = name;
		this.result = forgotten ? null : Sinks.one();
	}

	long id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	int workerId() {
		return this.workerId;
	}

	/**
	 * Wraps the task into the work of its job: it is published as started on the worker,
	 * with the job bound, before it runs.
	 * @param task the task
	 * @return the job's work
	 */
	Callable<@Nullable T> work(Callable<? extends @Nullable T> task) {
		return () -> {
			KernelJob job = WorkerContextHolder.get();
			this.workerId = (job != null) ? job.workerId() : 0;
			this.tasks.started(this);
			return task.call();
		};
	}

	/**
	 * Subscribes to the task's job.
	 * @param job the job
	 * @return the rejection of a forgotten task the pool refused during the subscription,
	 * to be thrown to its caller; else {@code null}
	 */
	@Nullable WorkerRejectedException start(Mono<T> job) {
		this.subscribing = Thread.currentThread();
		try {
			job.subscribe(this);
		}
		finally {
			this.subscribing = null;
		}
		return this.refused;
	}

	/**
	 * Returns the task's result, replayed to every subscriber.
	 * @return the result; empty for a task dispatched and forgotten
	 */
	Mono<T> result() {
		return (this.result != null) ? this.result.asMono() : Mono.empty();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(T value) {
		this.value = value;
	}

	@Override
	public void onError(Throwable ex) {
		long nanos = System.nanoTime() - this.submitted;
		boolean forgotten = this.result == null;
		if (ex instanceof WorkerRejectedException rejected) {
			// thrown to the caller of dispatch if refused while it subscribes, else
			// logged
			boolean atOnce = forgotten && this.subscribing == Thread.currentThread();
			if (atOnce) {
				this.refused = rejected;
			}
			this.tasks.rejected(this, rejected, forgotten && !atOnce);
		}
		else {
			this.tasks.failed(this, ex, nanos, forgotten);
		}
		if (this.result != null) {
			this.result.tryEmitError(ex);
		}
	}

	@Override
	public void onComplete() {
		this.tasks.finished(this, System.nanoTime() - this.submitted);
		if (this.result != null) {
			T value = this.value;
			if (value != null) {
				this.result.tryEmitValue(value);
			}
			else {
				this.result.tryEmitEmpty();
			}
		}
	}

}
