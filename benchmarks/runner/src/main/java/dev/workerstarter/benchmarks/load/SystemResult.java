package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One system's measured rounds in a scenario.
 *
 * @param id the system's id
 * @param label the system's label
 * @param rounds what each round measured, in order
 */
public record SystemResult(String id, String label, List<LoadResult> rounds) {

	/**
	 * Returns the median successful throughput over the rounds.
	 * @return requests per second
	 */
	public double throughput() {
		return median(LoadResult::throughput);
	}

	/**
	 * Returns the median over the rounds of the median latency.
	 * @return milliseconds
	 */
	public double p50Millis() {
		return median(LoadResult::p50Millis);
	}

	/**
	 * Returns the median over the rounds of the 99th percentile latency.
	 * @return milliseconds
	 */
	public double p99Millis() {
		return median(LoadResult::p99Millis);
	}

	/**
	 * Returns the median over the rounds of the server's CPU share (1.0: one CPU busy the
	 * whole round).
	 * @return the CPU share, {@code NaN} if not measured
	 */
	public double serverCpu() {
		return median(LoadResult::serverCpu);
	}

	/**
	 * Returns the median over the rounds of the bytes the server allocated per request.
	 * @return the bytes, {@code NaN} if not measured
	 */
	public double allocatedBytesPerRequest() {
		return median(LoadResult::allocatedBytesPerRequest);
	}

	/**
	 * Returns the failed requests over all rounds.
	 * @return failed requests
	 */
	public long failed() {
		return this.rounds.stream().mapToLong(LoadResult::failed).sum();
	}

	double median(ToDoubleFunction<LoadResult> value) {
		return Median.of(this.rounds.stream().map(value::applyAsDouble).toList());
	}

}
