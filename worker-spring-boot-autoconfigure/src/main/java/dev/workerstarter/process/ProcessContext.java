package dev.workerstarter.process;

import java.time.Duration;

/**
 * What a {@link WorkerProcess} is told by its supervisor for one run.
 */
public interface ProcessContext {

	/**
	 * Returns the process's name: its bean name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns how many times the process was started again after it threw or returned.
	 * @return {@code 0} for its first run
	 */
	int restarts();

	/**
	 * Tells whether the process is asked to stop: the application is shutting down, or a
	 * rolling reset of the {@code processes} pool starts the process again on a new
	 * kernel as soon as it returns.
	 * @return {@code true} once the process should return
	 */
	boolean isStopping();

	/**
	 * Waits, without spinning, until the process is asked to stop or the timeout passes.
	 * @param timeout the longest wait
	 * @return {@code true} if the process is asked to stop, {@code false} if the timeout
	 * passed first
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	boolean awaitStop(Duration timeout) throws InterruptedException;

}
