package dev.workerstarter.benchmarks.load;

import java.util.Arrays;

/**
 * Latencies recorded one by one (by one thread), and the percentiles of them all: what a
 * load client of this runner measures, as a {@link LoadResult}.
 */
final class Latencies {

	private long[] nanos = new long[1024];

	private int size;

	/**
	 * Records a latency.
	 * @param latencyNanos the latency in nanoseconds
	 */
	void add(long latencyNanos) {
		if (this.size == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
		}
		this.nanos[this.size++] = latencyNanos;
	}

	/**
	 * Returns the number of latencies recorded.
	 * @return the count
	 */
	int size() {
		return this.size;
	}

	/**
	 * Returns a load result with these latencies' percentiles: every recorded latency is
	 * one successful request.
	 * @param failed the requests that did not succeed, which have no latency
	 * @param seconds how long the load lasted
	 * @return the result, with the percentiles {@code NaN} if nothing was recorded, and
	 * neither the server's CPU time nor its allocation
	 */
	LoadResult result(long failed, double seconds) {
		long[] sorted = Arrays.copyOf(this.nanos, this.size);
		Arrays.sort(sorted);
		return new LoadResult(this.size + failed, this.size, 0, 0, 0, seconds, millis(sorted, 50), millis(sorted, 90),
				millis(sorted, 99), millis(sorted, 100), Double.NaN, Double.NaN);
	}

	// The nearest-rank percentile: the smallest value with at least percent of the values
	// at or below it.
	static double millis(long[] sorted, double percent) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(rank, 1) - 1] / 1e6;
	}

}
