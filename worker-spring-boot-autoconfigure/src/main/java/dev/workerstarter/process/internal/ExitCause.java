package dev.workerstarter.process.internal;

/**
 * Why a run of a process ended while the application was not stopping.
 */
public enum ExitCause {

	/** It threw, or could not start. */
	EXCEPTION,

	/** It returned. */
	RETURNED

}
