package dev.workerstarter.timer.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a timer starts: its first start, and the start that follows a run, given when that
 * run was due and when it ended, so that runs never overlap.
 */
public interface TimerSchedule {

	/**
	 * Returns the first start.
	 * @param now the time the timer is started
	 * @return the first start, {@code null} for never
	 */
	@Nullable Instant first(Instant now);

	/**
	 * Returns the start that follows a run.
	 * @param due when the run was due
	 * @param end when it ended
	 * @return the next start, not before the end, and the starts skipped because the run
	 * still ran; {@code null} for never
	 */
	@Nullable Next next(Instant due, Instant end);

	/**
	 * Returns a schedule of starts a fixed period apart, counted from the first start:
	 * starts that fall while a run still runs are skipped.
	 * @param period the period
	 * @param initialDelay the delay before the first start
	 * @return the schedule
	 */
	static TimerSchedule fixedRate(Duration period, Duration initialDelay) {
		return new FixedRate(period.toNanos(), initialDelay);
	}

	/**
	 * Returns a schedule that starts a run a fixed delay after the end of the previous.
	 * @param delay the delay
	 * @param initialDelay the delay before the first start
	 * @return the schedule
	 */
	static TimerSchedule fixedDelay(Duration delay, Duration initialDelay) {
		return new FixedDelay(delay, initialDelay);
	}

	/**
	 * Returns a schedule of the fire times of a cron expression: fire times that fall
	 * while a run still runs are skipped.
	 * @param expression the expression
	 * @param zone its time zone
	 * @return the schedule
	 */
	static TimerSchedule cron(CronExpression expression, ZoneId zone) {
		return new Cron(expression, zone);
	}

	/**
	 * The start that follows a run.
	 *
	 * @param start when the next run is due
	 * @param overruns how many starts fell while the run still ran, and were skipped
	 */
	record Next(Instant start, long overruns) {
	}

	/**
	 * Starts at {@code first + k * period}.
	 *
	 * @param periodNanos the period in nanoseconds
	 * @param initialDelay the delay before the first start
	 */
	record FixedRate(long periodNanos, Duration initialDelay) implements TimerSchedule {

		@Override
		public Instant first(Instant now) {
			return now.plus(this.initialDelay);
		}

		@Override
		public Next next(Instant due, Instant end) {
			long elapsed = Math.max(0, Duration.between(due, end).toNanos());
			// the first start at or after the end; those before it were overrun
			long periods = Math.max(1, (elapsed + this.periodNanos - 1) / this.periodNanos);
			return new Next(due.plusNanos(periods * this.periodNanos), periods - 1);
		}

	}

	/**
	 * Starts a delay after each end.
	 *
	 * @param delay the delay
	 * @param initialDelay the delay before the first start
	 */
	record FixedDelay(Duration delay, Duration initialDelay) implements TimerSchedule {

		@Override
		public Instant first(Instant now) {
			return now.plus(this.initialDelay);
		}

		@Override
		public Next next(Instant due, Instant end) {
			return new Next(end.plus(this.delay), 0);
		}

	}

	/**
	 * Starts at the fire times of a cron expression.
	 *
	 * @param expression the expression
	 * @param zone its time zone
	 */
	record Cron(CronExpression expression, ZoneId zone) implements TimerSchedule {

		@Override
		public @Nullable Instant first(Instant now) {
			return after(now);
		}

		@Override
		public @Nullable Next next(Instant due, Instant end) {
			// from the time the run was due, not from its end alone: a run that started
			// early, by the scheduler's slack, is not followed by the same fire time
			long overruns = 0;
			Instant start = after(due);
			while (start != null && start.isBefore(end)) {
				overruns++;
				start = after(start);
			}
			return (start != null) ? new Next(start, overruns) : null;
		}

		private @Nullable Instant after(Instant time) {
			ZonedDateTime next = this.expression.next(time.atZone(this.zone));
			return (next != null) ? next.toInstant() : null;
		}

	}

}
