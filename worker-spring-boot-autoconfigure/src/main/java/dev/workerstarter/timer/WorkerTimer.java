package dev.workerstarter.timer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method, which takes no arguments, as a timer: a task on a worker of
 * {@code worker.tasks.pool} at a fixed rate, with a fixed delay or on a cron expression
 * (exactly one of them). A run never overlaps the previous run of the same timer: a
 * fixed-rate start that falls while the previous run still runs is skipped and counted as
 * an overrun, a fixed delay is counted from the end of the previous run, and a cron timer
 * that overran starts at the next fire time after the end. Timers start once the
 * application context is refreshed and stop before the pools drain.
 * <p>
 * Durations take Spring Boot's formats ({@code 100ms}, {@code 5s}, {@code PT1M}, a plain
 * number of milliseconds); every attribute may be a {@code ${...}} placeholder. An entry
 * {@code worker.timers.<name>} of the timer's name overrides its schedule, its
 * single-instance flag and whether it is enabled. A bad value stops start-up, naming the
 * bean and method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WorkerTimer {

	/**
	 * The timer's name, in its events, meters, lock and {@code worker.timers.<name>}; the
	 * bean name and the method name, {@code bean#method}, when empty.
	 * @return the name
	 */
	String name() default "";

	/**
	 * The period between the starts of two runs, down to milliseconds.
	 * @return the period, or empty
	 */
	String fixedRate() default "";

	/**
	 * The delay between the end of a run and the start of the next.
	 * @return the delay, or empty
	 */
	String fixedDelay() default "";

	/**
	 * A cron expression of the starts, as Spring's {@code CronExpression} reads it: six
	 * fields (second, minute, hour, day of month, month, day of week) or a macro such as
	 * {@code @hourly}.
	 * @return the expression, or empty
	 */
	String cron() default "";

	/**
	 * The time zone of the cron expression; the system's when empty.
	 * @return the zone id, or empty
	 */
	String zone() default "";

	/**
	 * The delay before the first run of a fixed-rate or fixed-delay timer; none when
	 * empty.
	 * @return the delay, or empty
	 */
	String initialDelay() default "";

	/**
	 * Whether only one instance of a cluster runs the timer at a time, through the
	 * ShedLock lock of {@code worker.tasks.lock}: a start whose lock another instance
	 * holds is skipped and counted.
	 * @return {@code true} for one instance at a time
	 */
	boolean singleInstance() default false;

}
