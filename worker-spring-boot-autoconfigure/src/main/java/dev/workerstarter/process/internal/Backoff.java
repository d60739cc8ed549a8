package dev.workerstarter.process.internal;

import java.time.Duration;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * The delays between the starts of a process that keeps ending: {@code initial} times
 * {@code multiplier} to the power of the restarts since its last stable run, at most
 * {@code max}. A run that lasted {@code stableAfter} starts the delays over.
 *
 * @param initial the delay before the first restart
 * @param max the longest delay
 * @param multiplier the factor by which the delay grows at each restart
 * @param stableAfter how long a run must last for the delays to start over
 */
public record Backoff(Duration initial, Duration max, double multiplier, Duration stableAfter) {

	/**
	 * Checks configured delays.
	 * @param prefix the prefix of their keys, {@code worker.processes}
	 * @param initial the delay before the first restart, positive
	 * @param max the longest delay, at least {@code initial}
	 * @param multiplier the growth factor, at least 1
	 * @param stableAfter how long a run must last for the delays to start over, not
	 * negative
	 * @return the backoff
	 * @throws InvalidWorkerPropertyException if a value is out of range
	 */
	public static Backoff of(String prefix, Duration initial, Duration max, double multiplier, Duration stableAfter) {
		InvalidWorkerPropertyException.requirePositive(prefix + ".initial-backoff", initial);
		if (max.compareTo(initial) < 0) {
			throw new InvalidWorkerPropertyException(
					prefix + ".max-backoff", max, "the longest delay cannot be shorter than the first (" + prefix
							+ ".initial-backoff=" + initial + ")",
					"Set " + prefix + ".max-backoff to " + initial + " or more.");
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new InvalidWorkerPropertyException(prefix + ".backoff-multiplier", multiplier,
					"the delay cannot shrink between restarts",
					"Set " + prefix + ".backoff-multiplier to 1 (a constant delay) or more, such as 2.");
		}
		InvalidWorkerPropertyException.requireNotNegative(prefix + ".stable-after", stableAfter);
		return new Backoff(initial, max, multiplier, stableAfter);
	}

	/**
	 * Returns the delay before a restart.
	 * @param restarts the restarts since the last stable run, this one excluded
	 * @return {@code initial} for {@code 0}, then growing up to {@code max}
	 */
	public Duration delay(int restarts) {
		double nanos = this.initial.toNanos() * Math.pow(this.multiplier, restarts);
		return (nanos < this.max.toNanos()) ? Duration.ofNanos((long) nanos) : this.max;
	}

}
