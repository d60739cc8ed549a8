/**
 * The timers' implementation: the annotated methods and configured beans read and checked
 * at start-up, the schedule of each timer on a Reactor scheduler (so that it runs in
 * virtual time in tests), each run a task on the task pool, and the ShedLock lock of
 * single-instance timers. Internal: may change in any release.
 */
@NullMarked
package dev.workerstarter.timer.internal;

import org.jspecify.annotations.NullMarked;
