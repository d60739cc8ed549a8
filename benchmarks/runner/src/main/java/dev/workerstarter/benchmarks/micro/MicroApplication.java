package dev.workerstarter.benchmarks.micro;

import java.time.Duration;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Sinks;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.WorkerPool;

/**
 * A real reactive application with the starter's auto-configuration and a pool of one
 * worker, started in-process for a micro benchmark, and the means to run jobs on its
 * pool.
 */
final class MicroApplication implements AutoCloseable {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

	private final ConfigurableApplicationContext context;

	private final WorkerPool pool;

	// Reused for every run so that the measured cycle allocates no subscriber.
	private final Completion completion = new Completion();

	private Sinks.Empty<Void> heldJobEnd = Sinks.empty();

	MicroApplication(Class<?> configuration, String... properties) {
		this.context = new SpringApplicationBuilder(configuration).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "worker.pool.size=1", "logging.level.root=warn", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		this.pool = this.context.getBean(WorkerPool.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	WorkerPool pool() {
		return this.pool;
	}

	/**
	 * Runs work as a job through the pool's public path and subscribes to it.
	 * @param work the work
	 */
	void run(JobWork<Void> work) {
		this.pool.run(work).subscribe(this.completion);
	}

	/**
	 * Takes the idle worker and starts a job on it, which keeps the worker until
	 * {@link #endJob()}.
	 * @return the job
	 */
	KernelJob startJob() {
		KernelJob[] started = new KernelJob[1];
		Sinks.Empty<Void> end = Sinks.empty();
		run((job) -> {
			started[0] = (KernelJob) job;
			return end.asMono();
		});
		if (started[0] == null) {
			throw new IllegalStateException("No idle worker to start a job on");
		}
		this.heldJobEnd = end;
		return started[0];
	}

	/**
	 * Ends the job started with {@link #startJob()}.
	 */
	void endJob() {
		this.heldJobEnd.tryEmitEmpty();
	}

	/**
	 * Spins until the worker is back in the pool, and checks that no run failed.
	 */
	void awaitIdle() {
		long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
		while (this.pool.idleCount() != this.pool.size()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("The worker did not come back to the pool within " + IDLE_TIMEOUT);
			}
			Thread.onSpinWait();
		}
		Throwable failure = this.completion.failure;
		if (failure != null) {
			throw new IllegalStateException("A benchmark job failed", failure);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static final class Completion implements CoreSubscriber<Void> {

		volatile Throwable failure;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void value) {
		}

		@Override
		public void onError(Throwable ex) {
			this.failure = ex;
		}

		@Override
		public void onComplete() {
		}

	}

}
