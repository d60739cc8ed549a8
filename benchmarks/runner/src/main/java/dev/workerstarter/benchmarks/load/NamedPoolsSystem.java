package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One system's rounds in the named-pools scenario.
 *
 * @param id the system's id
 * @param label the system's label
 * @param slowWorkers the workers that can serve the slow route
 * @param rounds what each round measured, in order
 */
public record NamedPoolsSystem(String id, String label, int slowWorkers, List<NamedPoolsRound> rounds) {

	/**
	 * Returns the fast route's p99 under load over its p99 alone, per round.
	 * @return the ratios
	 */
	public List<Double> p99Ratios() {
		return this.rounds.stream().map(NamedPoolsRound::p99Ratio).toList();
	}

	/**
	 * Returns the median over the rounds of the fast route's p99 under load over its p99
	 * alone.
	 * @return the ratio
	 */
	public double medianP99Ratio() {
		return Median.of(p99Ratios());
	}

	/**
	 * Returns the median over the rounds of a figure of the fast route alone.
	 * @param value the figure
	 * @return its median
	 */
	public double unloaded(ToDoubleFunction<LoadResult> value) {
		return median(value, NamedPoolsRound::unloaded);
	}

	/**
	 * Returns the median over the rounds of a figure of the fast route under load.
	 * @param value the figure
	 * @return its median
	 */
	public double loaded(ToDoubleFunction<LoadResult> value) {
		return median(value, NamedPoolsRound::loaded);
	}

	/**
	 * Returns the median over the rounds of a figure of the slow route's load.
	 * @param value the figure
	 * @return its median
	 */
	public double slow(ToDoubleFunction<LoadResult> value) {
		return median(value, NamedPoolsRound::slow);
	}

	/**
	 * Returns the fast route's unsuccessful requests (error statuses and socket errors)
	 * over every round under load.
	 * @return the unsuccessful requests
	 */
	public long fastUnsuccessfulLoaded() {
		return this.rounds.stream().mapToLong((round) -> round.loaded().unsuccessful()).sum();
	}

	/**
	 * Returns the fast route's unsuccessful requests over every round alone.
	 * @return the unsuccessful requests
	 */
	public long fastUnsuccessfulUnloaded() {
		return this.rounds.stream().mapToLong((round) -> round.unloaded().unsuccessful()).sum();
	}

	/**
	 * Returns the slow route's failed requests (neither successful nor {@code 503}) over
	 * every round.
	 * @return the failed requests
	 */
	public long slowFailed() {
		return this.rounds.stream().mapToLong((round) -> round.slow().failed()).sum();
	}

	private double median(ToDoubleFunction<LoadResult> value, Function<NamedPoolsRound, LoadResult> part) {
		return Median.of(this.rounds.stream().map((round) -> value.applyAsDouble(part.apply(round))).toList());
	}

}
