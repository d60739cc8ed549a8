package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * What the rolling-reset scenario measured.
 *
 * @param poolSize workers
 * @param connections concurrent connections of the load
 * @param resetMillis how long each rolling reset took, in order
 * @param load what the load measured while the resets ran
 */
public record RollingResetResult(int poolSize, int connections, List<Long> resetMillis, LoadResult load) {
}
