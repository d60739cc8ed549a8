package dev.workerstarter.pool;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import dev.workerstarter.kernel.RunningJob;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.internal.KernelThreadWork;

/**
 * Blocking work run on the worker's own thread ({@link WorkerPool#run(Callable)}). Its
 * result, or what it throws, is emitted from that thread once the work has returned and
 * the job is no longer bound there, so that the caller's code that follows sees its own
 * job, not this one.
 *
 * @param <T> the type of the work's result
 */
final class BlockingWork<T> implements JobWork<T>, KernelThreadWork {

	private final Callable<? extends @Nullable T> work;

	private final @Nullable WorkDescription description;

	BlockingWork(Callable<? extends @Nullable T> work, @Nullable WorkDescription description) {
		this.work = work;
		this.description = description;
	}

	@Override
	public @Nullable WorkDescription describe() {
		return this.description;
	}

	@Override
	public Mono<T> start(RunningJob job) {
		KernelJob kernelJob = (KernelJob) job;
		return Mono.create((sink) -> {
			try {
				kernelJob.executeThen(() -> call(sink));
			}
			catch (RejectedExecutionException ex) {
				sink.error(ex); // cancelled, expired or stopped before the work could be
								// queued
			}
		});
	}

	private Runnable call(MonoSink<T> sink) {
		T result;
		try {
			result = this.work.call();
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			return () -> sink.error(ex);
		}
		return () -> sink.success(result);
	}

}
