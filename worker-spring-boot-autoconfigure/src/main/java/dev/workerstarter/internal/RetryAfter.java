package dev.workerstarter.internal;

import java.time.Duration;

/**
 * The {@code Retry-After} header of a refused request or handshake, from
 * {@code worker.http.retry-after}: whole seconds, rounded up, at least one.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * Returns the header's value for a delay.
	 * @param delay the delay suggested to the client, not negative
	 * @return the delay in whole seconds, rounded up, at least {@code 1}
	 */
	public static String header(Duration delay) {
		return Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000));
	}

}
