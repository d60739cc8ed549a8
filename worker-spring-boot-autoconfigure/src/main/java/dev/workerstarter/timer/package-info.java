/**
 * Timers on workers, as applications see them: {@link WorkerTimer} on a bean method, or a
 * Runnable bean named under {@code worker.timers.<name>}, run at a fixed rate, with a
 * fixed delay or on a cron expression as tasks on {@code worker.tasks.pool}; a run never
 * overlaps the previous run of the same timer, and a single-instance timer runs on one
 * instance of a cluster at a time, through ShedLock. Part of the public contract; the
 * scheduling is in {@code dev.workerstarter.timer.internal}.
 */
@NullMarked
package dev.workerstarter.timer;

import org.jspecify.annotations.NullMarked;
