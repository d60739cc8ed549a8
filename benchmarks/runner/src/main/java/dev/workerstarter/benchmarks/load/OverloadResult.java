package dev.workerstarter.benchmarks.load;

/**
 * What the overload scenario measured.
 *
 * @param poolSize workers
 * @param maxQueueSize requests that may wait for a worker
 * @param connections concurrent connections of the load
 * @param capacity the throughput the pool can give at best
 * @param load what the overload run measured
 * @param recoveryMillis time from the end of the load to the first request served again
 */
public record OverloadResult(int poolSize, int maxQueueSize, int connections, double capacity, LoadResult load,
		double recoveryMillis) {
}
