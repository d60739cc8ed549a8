package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * The subject of a scenario against one baseline, round by round.
 *
 * @param baseline the baseline's id ({@code ideal} for the ideal throughput)
 * @param label the baseline's label
 * @param throughput subject throughput over baseline throughput, per round
 * @param p99 subject p99 latency over baseline p99 latency, per round (empty against the
 * ideal)
 */
public record Ratio(String baseline, String label, List<Double> throughput, List<Double> p99) {

	/**
	 * Returns the median throughput ratio.
	 * @return the ratio
	 */
	public double medianThroughput() {
		return Median.of(this.throughput);
	}

	/**
	 * Returns the median p99 latency ratio.
	 * @return the ratio, {@code NaN} against the ideal
	 */
	public double medianP99() {
		return Median.of(this.p99);
	}

}
