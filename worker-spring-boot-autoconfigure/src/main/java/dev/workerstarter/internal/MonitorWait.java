package dev.workerstarter.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits on a monitor until a condition holds or a deadline passes: the waits of a stop
 * for what it stops, woken by {@code notifyAll} on the monitor whenever the condition may
 * have changed.
 */
public final class MonitorWait {

	private MonitorWait() {
	}

	/**
	 * Waits, holding the monitor, until the condition holds or the deadline passes.
	 * @param monitor the monitor notified when the condition may have changed
	 * @param deadlineNanos the deadline, on {@link System#nanoTime()}'s clock
	 * @param condition what to wait for, checked under the monitor
	 * @return {@code true} if the condition holds; {@code false} if the deadline passed
	 * or the thread was interrupted (its interrupt flag set again)
	 */
	public static boolean until(Object monitor, long deadlineNanos, BooleanSupplier condition) {
		synchronized (monitor) {
			while (!condition.getAsBoolean()) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

}
