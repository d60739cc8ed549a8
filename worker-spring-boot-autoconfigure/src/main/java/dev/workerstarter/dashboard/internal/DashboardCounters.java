package dev.workerstarter.dashboard.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.workerstarter.pool.PoolListener;

/**
 * Makes the dashboard's listener of each pool, and finds it again by the pool's name for
 * the sampler. A bean only while the dashboard is on, so that the pools pay nothing for
 * it otherwise.
 */
public final class DashboardCounters implements PoolListener.Factory {

	private final Map<String, PoolCounters> pools = new ConcurrentHashMap<>();

	@Override
	public PoolListener create(String poolName, int poolSize) {
		return counters(poolName);
	}

	PoolCounters counters(String poolName) {
		return this.pools.computeIfAbsent(poolName, (name) -> new PoolCounters());
	}

}
