package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.internal.RebootPolicy;
import dev.workerstarter.support.TestKernelThreads;

/**
 * Builds and starts pools for tests, with the real collaborators and no Spring context,
 * and stops them all afterwards.
 */
final class TestPools {

	private final List<BoundedWorkerPool> started = new ArrayList<>();

	Builder size(int size) {
		return new Builder(size);
	}

	void stopAll() {
		this.started.forEach(BoundedWorkerPool::stop);
		this.started.clear();
	}

	static KernelBootstrap emptyBootstrap() {
		return new KernelBootstrap(new DefaultListableBeanFactory(), List.of(), new MiddlewareResolver(List.of()),
				WorkerResetAdapter.NONE, UseAfterJob.warn(), TestKernelThreads.configured());
	}

	final class Builder {

		private final int size;

		private String name = "default";

		private int maxQueueSize = 100;

		private Duration allocateTimeout = Duration.ofSeconds(30);

		private Duration destroyTimeout = Duration.ofSeconds(5);

		private Scheduler timer = Schedulers.parallel();

		private KernelBootstrap bootstrap = emptyBootstrap();

		private RebootPolicy policy = new RebootPolicy(List.of(new OnExceptionRebootStrategy(List.of())));

		private PoolListener listener = PoolListener.NONE;

		private JobBinding.Factory bindings = JobBinding.Factory.NONE;

		private WorkerObservations observations = WorkerObservations.NONE;

		private Consumer<Object> events = (event) -> {
		};

		Builder(int size) {
			this.size = size;
		}

		Builder name(String name) {
			this.name = name;
			return this;
		}

		Builder maxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
			return this;
		}

		Builder allocateTimeout(Duration allocateTimeout) {
			this.allocateTimeout = allocateTimeout;
			return this;
		}

		Builder destroyTimeout(Duration destroyTimeout) {
			this.destroyTimeout = destroyTimeout;
			return this;
		}

		Builder timer(Scheduler timer) {
			this.timer = timer;
			return this;
		}

		Builder bootstrap(KernelBootstrap bootstrap) {
			this.bootstrap = bootstrap;
			return this;
		}

		Builder policy(RebootPolicy policy) {
			this.policy = policy;
			return this;
		}

		Builder listener(PoolListener listener) {
			this.listener = listener;
			return this;
		}

		Builder bindings(JobBinding.Factory bindings) {
			this.bindings = bindings;
			return this;
		}

		Builder observations(WorkerObservations observations) {
			this.observations = observations;
			return this;
		}

		Builder events(Consumer<Object> events) {
			this.events = events;
			return this;
		}

		BoundedWorkerPool build() {
			return new BoundedWorkerPool(
					new BoundedWorkerPool.Settings(this.name, "worker.pools." + this.name, this.size, this.maxQueueSize,
							this.allocateTimeout, this.destroyTimeout),
					SupervisorLimits.OFF, this.bootstrap, this.policy, this.events::accept, this.timer,
					clock(this.timer), this.listener, this.observations, this.bindings);
		}

		// Virtual time for a virtual timer, so that allocate timeouts follow it.
		private static LongSupplier clock(Scheduler timer) {
			return (timer instanceof VirtualTimeScheduler virtual) ? () -> virtual.now(TimeUnit.NANOSECONDS)
					: System::nanoTime;
		}

		BoundedWorkerPool start() {
			BoundedWorkerPool pool = build();
			pool.start();
			TestPools.this.started.add(pool);
			return pool;
		}

	}

}
