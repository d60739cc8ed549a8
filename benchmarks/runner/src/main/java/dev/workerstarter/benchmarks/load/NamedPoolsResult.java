package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * What the named-pools scenario measured: a fast route's latency alone and beside a
 * saturated slow route, with the slow route on a named pool of its own and on one pool
 * shared by both.
 *
 * @param defaultPoolSize workers of the default pool when the slow route has its own
 * @param slowPoolSize workers of the slow route's own pool
 * @param slowQueueSize requests that may wait for the slow route's own pool
 * @param sharedPoolSize workers of the shared pool: the other two together
 * @param slowMillis how long the slow route holds its worker
 * @param fastConnections connections on the fast route
 * @param slowConnections connections on the slow route
 * @param slowPauseMillis the wait of each slow connection after every response
 * @param systems the named pool's rounds, then the shared pool's
 */
public record NamedPoolsResult(int defaultPoolSize, int slowPoolSize, int slowQueueSize, int sharedPoolSize,
		long slowMillis, int fastConnections, int slowConnections, long slowPauseMillis,
		List<NamedPoolsSystem> systems) {

	/**
	 * Returns a system's rounds.
	 * @param id the system's id
	 * @return its rounds
	 */
	public NamedPoolsSystem system(String id) {
		return this.systems.stream()
			.filter((system) -> system.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No system " + id + " in the named-pools scenario"));
	}

}
