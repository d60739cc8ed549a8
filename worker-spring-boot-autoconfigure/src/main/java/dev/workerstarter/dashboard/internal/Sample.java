package dev.workerstarter.dashboard.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One pool over one sample interval.
 *
 * @param time when the sample was taken, at the end of its interval
 * @param jobsPerSecond jobs finished per second over the interval
 * @param meanJobMillis mean time of the jobs finished over the interval, in milliseconds,
 * or {@code null} when none finished
 * @param waiting jobs waiting for a worker when the sample was taken
 * @param busy workers busy when the sample was taken
 */
public record Sample(Instant time, double jobsPerSecond, @Nullable Double meanJobMillis, int waiting, int busy) {
}
