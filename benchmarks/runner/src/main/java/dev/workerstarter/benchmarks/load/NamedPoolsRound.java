package dev.workerstarter.benchmarks.load;

/**
 * One round of the named-pools scenario for one system: the fast route alone, then the
 * fast route while the slow route is saturated.
 *
 * @param unloaded the fast route alone
 * @param loaded the fast route under the same load, while the slow route is saturated
 * @param slow the load on the slow route, over the whole loaded measurement and about
 * half a second on either side
 */
public record NamedPoolsRound(LoadResult unloaded, LoadResult loaded, LoadResult slow) {

	/**
	 * Returns the fast route's p99 latency under load over its p99 latency alone.
	 * @return the ratio; 1 means the slow route costs the fast one nothing
	 */
	public double p99Ratio() {
		return this.loaded.p99Millis() / this.unloaded.p99Millis();
	}

}
