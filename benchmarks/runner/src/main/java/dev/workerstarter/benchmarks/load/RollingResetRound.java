package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * One round of the rolling-reset scenario.
 *
 * @param resetMillis how long each rolling reset took, in order
 * @param load what the load measured while the resets ran
 */
public record RollingResetRound(List<Long> resetMillis, LoadResult load) {
}
