package dev.workerstarter.pool;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.RunningJob;

/**
 * Blocking work run on the worker's own thread ({@link WorkerPool#run(Callable)}): its
 * result, or what it throws, is emitted from that thread, with the job still bound.
 *
 * @param <T> the type of the work's result
 */
final class BlockingWork<T> implements JobWork<T> {

	private final Callable<? extends @Nullable T> work;

	BlockingWork(Callable<? extends @Nullable T> work) {
		this.work = work;
	}

	@Override
	public Mono<T> start(RunningJob job) {
		return Mono.create((sink) -> {
			try {
				job.executor().execute(() -> {
					T result;
					try {
						result = this.work.call();
					}
					catch (Throwable ex) {
						Exceptions.throwIfJvmFatal(ex);
						sink.error(ex);
						return;
					}
					sink.success(result);
				});
			}
			catch (RejectedExecutionException ex) {
				sink.error(ex); // cancelled, expired or stopped before the work could be
								// queued
			}
		});
	}

}
