package dev.workerstarter.process;

/**
 * What a supervised process is doing, as the {@code workers} endpoint and the
 * {@code processes} health contributor show it.
 */
public enum ProcessState {

	/** Waiting for its worker, before its run starts. */
	STARTING,

	/** Running on its worker. */
	RUNNING,

	/** Threw or returned, and waits for its next start. */
	BACKING_OFF,

	/**
	 * Asked to stop, on shutdown or to start again on a new kernel for a rolling reset,
	 * and not yet returned.
	 */
	STOPPING,

	/** Not running: not started yet, or stopped on shutdown. */
	STOPPED

}
