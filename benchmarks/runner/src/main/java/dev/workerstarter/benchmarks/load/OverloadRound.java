package dev.workerstarter.benchmarks.load;

/**
 * One round of the overload scenario.
 *
 * @param load what the overload measured
 * @param recoveryMillis time from the end of the load to the first request served again
 */
public record OverloadRound(LoadResult load, double recoveryMillis) {
}
