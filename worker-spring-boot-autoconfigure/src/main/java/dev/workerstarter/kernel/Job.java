package dev.workerstarter.kernel;

import dev.workerstarter.reboot.FinishedJob;

/**
 * One unit of work a worker handles on its kernel, as the extension points see it: a
 * {@link JobBinding.Factory} when the job starts, a {@code PoolListener} when it starts
 * and when it finishes. Read-only; the pool alone starts, binds and ends a job.
 */
public interface Job extends WorkerContext, FinishedJob {

	/**
	 * Returns when the job started, in {@link System#nanoTime()} units.
	 * @return the start time
	 */
	long startNanos();

	/**
	 * Tells how the job ended; meaningful once it has finished or expired.
	 * @return the outcome
	 */
	JobOutcome outcome();

}
