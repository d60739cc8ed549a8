package dev.workerstarter.timer.internal;

import java.time.Duration;

/**
 * A timer, checked and ready to run.
 *
 * @param name its name
 * @param schedule when it runs
 * @param target what each run runs
 * @param singleInstance whether one instance of a cluster runs it at a time
 * @param lockAtMostFor how long its lock is held at most
 */
public record TimerDefinition(String name, TimerSchedule schedule, Runnable target, boolean singleInstance,
		Duration lockAtMostFor) {
}
