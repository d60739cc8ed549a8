package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.pool.internal.WorkerPool;

/**
 * The pool's gauges, read when the registry is scraped: its size, its workers by state
 * and the requests waiting in its queue.
 */
public final class WorkerPoolGauges implements MeterBinder {

	private static final TagValues<WorkerState> STATES = new TagValues<>(WorkerState.class);

	private final WorkerPool pool;

	/**
	 * Creates the gauges of a pool.
	 * @param pool the pool
	 */
	public WorkerPoolGauges(WorkerPool pool) {
		this.pool = pool;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("worker.pool.size", this.pool, WorkerPool::size)
			.description("Number of workers in the pool")
			.register(registry);
		for (WorkerState state : WorkerState.values()) {
			Gauge.builder("worker.pool.workers", this.pool, (pool) -> pool.count(state))
				.description("Workers by state: idle, busy, rebooting, failed, stopped")
				.tag("state", STATES.of(state))
				.register(registry);
		}
		Gauge.builder("worker.pool.queued", this.pool, WorkerPool::waitingCount)
			.description("Requests waiting in the queue for a worker")
			.register(registry);
	}

}
