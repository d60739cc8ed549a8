package dev.workerstarter.timer.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A timer's entry under {@code worker.timers.<name>}: a timer of its own that runs a
 * Runnable bean, or what overrides the annotated timer of the same name.
 *
 * @param bean the name of the Runnable bean, or {@code null}
 * @param schedule the schedule, not written when it keeps the annotated timer's
 * @param singleInstance whether one instance of a cluster runs it at a time, or
 * {@code null} to keep the annotated timer's
 * @param lockAtMostFor how long its lock is held at most
 * @param enabled whether it runs
 */
public record TimerConfig(@Nullable String bean, ScheduleSpec schedule, @Nullable Boolean singleInstance,
		Duration lockAtMostFor, boolean enabled) {

	/**
	 * Creates an entry from its keys.
	 * @param bean {@code bean}
	 * @param fixedRate {@code fixed-rate}
	 * @param fixedDelay {@code fixed-delay}
	 * @param cron {@code cron}
	 * @param zone {@code zone}
	 * @param initialDelay {@code initial-delay}
	 * @param singleInstance {@code single-instance}
	 * @param lockAtMostFor {@code lock-at-most-for}
	 * @param enabled {@code enabled}
	 * @return the entry
	 */
	public static TimerConfig of(@Nullable String bean, @Nullable Duration fixedRate, @Nullable Duration fixedDelay,
			@Nullable String cron, @Nullable String zone, Duration initialDelay, @Nullable Boolean singleInstance,
			Duration lockAtMostFor, boolean enabled) {
		return new TimerConfig(bean, new ScheduleSpec(fixedRate, fixedDelay, cron, zone, initialDelay), singleInstance,
				lockAtMostFor, enabled);
	}

}
