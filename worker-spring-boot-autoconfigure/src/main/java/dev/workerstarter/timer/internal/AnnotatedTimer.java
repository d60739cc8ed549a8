package dev.workerstarter.timer.internal;

/**
 * A {@code @WorkerTimer} method, its attributes resolved and parsed.
 *
 * @param name the timer's name
 * @param origin the method, to report a bad attribute there
 * @param target runs the method on its bean
 * @param schedule the schedule
 * @param singleInstance whether one instance of a cluster runs it at a time
 */
record AnnotatedTimer(String name, TimerOrigin origin, Runnable target, ScheduleSpec schedule, boolean singleInstance) {
}
