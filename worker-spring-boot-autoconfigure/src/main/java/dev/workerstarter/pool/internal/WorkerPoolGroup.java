package dev.workerstarter.pool.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

/**
 * The application's pools, started together before the web server takes traffic and
 * stopped together after it: every pool stops taking jobs and rejects those waiting
 * first, then each waits for its own in-flight jobs, so that the pools drain at the same
 * time.
 */
public final class WorkerPoolGroup implements WorkerPools, SmartLifecycle {

	/**
	 * Starts before and stops after the web server (Boot's start-stop phase is lower than
	 * the default).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final Map<String, BoundedWorkerPool> pools = new LinkedHashMap<>();

	private final List<WorkerPool> all;

	private final BoundedWorkerPool defaultPool;

	/**
	 * Creates the group.
	 * @param defaultPool the default pool
	 * @param named the named pools, in the order they are configured
	 */
	public WorkerPoolGroup(BoundedWorkerPool defaultPool, List<BoundedWorkerPool> named) {
		if (!WorkerContext.DEFAULT_POOL.equals(defaultPool.name())) {
			throw new IllegalArgumentException("The default pool must be named " + WorkerContext.DEFAULT_POOL);
		}
		this.defaultPool = defaultPool;
		this.pools.put(defaultPool.name(), defaultPool);
		for (BoundedWorkerPool pool : named) {
			if (this.pools.putIfAbsent(pool.name(), pool) != null) {
				throw new IllegalArgumentException("Two pools are named " + pool.name());
			}
		}
		this.all = List.copyOf(this.pools.values());
	}

	@Override
	public BoundedWorkerPool defaultPool() {
		return this.defaultPool;
	}

	@Override
	public BoundedWorkerPool pool(String name) {
		BoundedWorkerPool pool = this.pools.get(name);
		if (pool == null) {
			throw new IllegalArgumentException("There is no worker pool named '" + name + "': the pools are "
					+ String.join(", ", this.pools.keySet()) + ". Configure one under worker.pools." + name + ".");
		}
		return pool;
	}

	@Override
	public List<WorkerPool> pools() {
		return this.all;
	}

	@Override
	public Mono<Map<String, RollingResetResult>> rollingReset() {
		return Flux.fromIterable(this.all)
			.flatMapSequential((pool) -> pool.rollingReset().map((result) -> Map.entry(pool.name(), result)))
			.collect(LinkedHashMap::new, (results, entry) -> results.put(entry.getKey(), entry.getValue()));
	}

	/**
	 * Starts draining every pool: new jobs are rejected, while jobs in flight and those
	 * already waiting go on.
	 */
	public void stopAccepting() {
		this.pools.values().forEach(BoundedWorkerPool::stopAccepting);
	}

	/**
	 * Starts every pool, the default pool first. If one fails to start, those started are
	 * stopped and the failure is thrown.
	 */
	@Override
	public void start() {
		List<BoundedWorkerPool> started = new ArrayList<>();
		for (BoundedWorkerPool pool : this.pools.values()) {
			try {
				pool.start();
			}
			catch (RuntimeException ex) {
				started.forEach(BoundedWorkerPool::stop);
				throw ex;
			}
			started.add(pool);
		}
	}

	// Every pool rejects its waiting jobs and starts its destroy timeout first, so that
	// the waits for in-flight jobs overlap: the stop takes the longest timeout, not
	// their sum.
	@Override
	public void stop() {
		this.pools.values().forEach(BoundedWorkerPool::beginStop);
		this.pools.values().forEach(BoundedWorkerPool::finishStop);
	}

	@Override
	public boolean isRunning() {
		return this.defaultPool.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
