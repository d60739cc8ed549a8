package dev.workerstarter.dashboard.internal;

import java.time.Duration;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * How often the dashboard samples the pools and how many samples it keeps.
 *
 * @param interval the time between two samples
 * @param history how far back the samples go
 */
public record SampleWindow(Duration interval, Duration history) {

	/**
	 * Checks the settings, naming their keys.
	 * @param prefix the prefix of the keys, {@code worker.dashboard}
	 * @param interval the time between two samples
	 * @param history how far back the samples go
	 * @return the window
	 * @throws InvalidWorkerPropertyException if either is not positive, or the history is
	 * shorter than the interval
	 */
	public static SampleWindow of(String prefix, Duration interval, Duration history) {
		InvalidWorkerPropertyException.requirePositive(prefix + ".sample-interval", interval);
		InvalidWorkerPropertyException.requirePositive(prefix + ".history", history);
		if (history.compareTo(interval) < 0) {
			throw new InvalidWorkerPropertyException(prefix + ".history", history,
					"the history must hold at least one sample of " + prefix + ".sample-interval (" + interval + ")",
					"Set " + prefix + ".history to at least " + prefix + ".sample-interval, such as 5m.");
		}
		return new SampleWindow(interval, history);
	}

	int samples() {
		return (int) Math.min(Integer.MAX_VALUE, this.history.toNanos() / this.interval.toNanos());
	}

}
