package dev.workerstarter.process.internal;

import java.util.Locale;

/**
 * Why a run of a process ended while the application was not stopping.
 */
public enum ExitCause {

	/** It threw, or could not start. */
	EXCEPTION,

	/** It returned. */
	RETURNED;

	private final String value = name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the cause as the endpoint, health and meters show it.
	 * @return {@code exception} or {@code returned}
	 */
	public String value() {
		return this.value;
	}

}
