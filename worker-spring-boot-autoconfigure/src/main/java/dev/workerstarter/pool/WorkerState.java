package dev.workerstarter.pool;

/**
 * What a worker is doing.
 */
public enum WorkerState {

	/** Waiting in the pool for a job. */
	IDLE,

	/** Running a job, or resetting its beans after one. */
	BUSY,

	/** Replacing its kernel; back in the pool once the new kernel has booted. */
	REBOOTING,

	/** Its new kernel failed to boot; the boot is retried with a growing delay. */
	FAILED,

	/** Stopped with the pool; takes no more jobs. */
	STOPPED;

	/**
	 * Tells whether a worker in this state takes jobs now or will soon, without help.
	 * @return {@code true} for {@link #IDLE}, {@link #BUSY} and {@link #REBOOTING}
	 */
	public boolean isServing() {
		return this == IDLE || this == BUSY || this == REBOOTING;
	}

}
