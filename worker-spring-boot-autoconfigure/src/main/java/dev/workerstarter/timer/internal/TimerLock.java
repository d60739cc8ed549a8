package dev.workerstarter.timer.internal;

import java.time.Duration;

/**
 * The lock that lets one instance of a cluster run a single-instance timer at a time.
 */
public interface TimerLock {

	/**
	 * Runs a timer's run if this instance gets its lock, blocking while it tries.
	 * @param name the timer's name, the lock's name
	 * @param lockAtMostFor how long the lock is held at most, when this instance dies
	 * holding it
	 * @param run the run
	 * @return {@code true} if the run ran, {@code false} if another instance held the
	 * lock
	 */
	boolean runLocked(String name, Duration lockAtMostFor, Runnable run);

}
