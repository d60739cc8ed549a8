package dev.workerstarter.job.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay before a failed job runs again: {@code initial × multiplier^(attempt − 1)},
 * at most {@code max}, less a random part of up to {@code jitter} of it, so that jobs
 * that failed together do not all come back together.
 *
 * @param initial the delay after the first attempt
 * @param max the longest delay
 * @param multiplier the factor by which the delay grows with each attempt, at least 1
 * @param jitter the fraction of the delay taken off at random, in [0, 1]
 */
public record RetryBackoff(Duration initial, Duration max, double multiplier, double jitter) {

	/**
	 * Returns the delay after a failed attempt.
	 * @param attempt the attempt that failed, from {@code 1}
	 * @param random gives numbers in [0, 1)
	 * @return the delay before the next attempt
	 */
	public Duration delay(int attempt, DoubleSupplier random) {
		double full = Math.min(this.max.toMillis(),
				this.initial.toMillis() * Math.pow(this.multiplier, Math.max(attempt - 1, 0)));
		return Duration.ofMillis(Math.round(full * (1 - this.jitter * random.getAsDouble())));
	}

}
