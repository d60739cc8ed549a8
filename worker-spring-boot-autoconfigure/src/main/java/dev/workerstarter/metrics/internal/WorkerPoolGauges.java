package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.pool.WorkerState;

/**
 * Every pool's gauges, tagged with its name ({@code pool}) and read when the registry is
 * scraped: its size, its workers by state and the jobs waiting in its queue.
 */
public final class WorkerPoolGauges implements MeterBinder {

	private static final TagValues<WorkerState> STATES = new TagValues<>(WorkerState.class);

	private final WorkerPools pools;

	/**
	 * Creates the gauges of every pool.
	 * @param pools the pools
	 */
	public WorkerPoolGauges(WorkerPools pools) {
		this.pools = pools;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (WorkerPool pool : this.pools.pools()) {
			Gauge.builder("worker.pool.size", pool, WorkerPool::size)
				.description("Number of workers in the pool")
				.tag("pool", pool.name())
				.register(registry);
			for (WorkerState state : WorkerState.values()) {
				Gauge.builder("worker.pool.workers", pool, (p) -> p.count(state))
					.description("Workers by state: idle, busy, rebooting, failed, stopped")
					.tag("pool", pool.name())
					.tag("state", STATES.of(state))
					.register(registry);
			}
			Gauge.builder("worker.pool.queued", pool, WorkerPool::waitingCount)
				.description("Jobs waiting in the queue for a worker")
				.tag("pool", pool.name())
				.register(registry);
		}
	}

}
