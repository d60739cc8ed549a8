package dev.workerstarter.timer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A {@link TimerLock} on a ShedLock {@link LockProvider}: the lock is released as soon as
 * the run ends (no lock-at-least-for), so that the next due start, on any instance, takes
 * it.
 */
public final class ShedLockTimerLock implements TimerLock {

	private final LockProvider provider;

	/**
	 * Creates a lock.
	 * @param provider where the locks are kept
	 */
	public ShedLockTimerLock(LockProvider provider) {
		this.provider = provider;
	}

	@Override
	public boolean runLocked(String name, Duration lockAtMostFor, Runnable run) {
		Optional<SimpleLock> lock = this.provider
			.lock(new LockConfiguration(Instant.now(), name, lockAtMostFor, Duration.ZERO));
		if (lock.isEmpty()) {
			return false;
		}
		try {
			run.run();
		}
		finally {
			lock.get().unlock();
		}
		return true;
	}

	@Override
	public String toString() {
		return "ShedLock " + this.provider.getClass().getSimpleName();
	}

}
