package dev.workerstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.timer.internal.TimerLock;

/**
 * The lock chosen for single-instance timers, if there is one.
 *
 * @param lock the lock, {@code null} when the application has none
 */
record TimerLockChoice(@Nullable TimerLock lock) {

	/** No lock. */
	static final TimerLockChoice NONE = new TimerLockChoice(null);

}
