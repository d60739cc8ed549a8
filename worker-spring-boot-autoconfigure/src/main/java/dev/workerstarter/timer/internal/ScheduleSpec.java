package dev.workerstarter.timer.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * A timer's schedule as it was written: exactly one of a fixed rate, a fixed delay and a
 * cron expression, with a zone for the cron expression or an initial delay for the
 * others.
 *
 * @param fixedRate the period between starts, or {@code null}
 * @param fixedDelay the delay between an end and the next start, or {@code null}
 * @param cron the cron expression, or {@code null}
 * @param zone the zone of the cron expression, or {@code null} for the system's
 * @param initialDelay the delay before the first start of a fixed-rate or fixed-delay
 * timer
 */
record ScheduleSpec(@Nullable Duration fixedRate, @Nullable Duration fixedDelay, @Nullable String cron,
		@Nullable String zone, Duration initialDelay) {

	private static final String CRON_EXAMPLE = "six fields: second, minute, hour, day of month, month, day of week, "
			+ "such as */10 * * * * * for every 10 seconds";

	/**
	 * Tells whether any part of the schedule is written.
	 * @return {@code true} unless every part is left out
	 */
	boolean isWritten() {
		return this.fixedRate != null || this.fixedDelay != null || this.cron != null || this.zone != null
				|| !this.initialDelay.isZero();
	}

	/**
	 * Checks the schedule and builds it.
	 * @param origin where it was written, to report a bad part there
	 * @return the schedule
	 */
	TimerSchedule schedule(TimerOrigin origin) {
		List<String> kinds = new ArrayList<>();
		addIf(kinds, this.fixedRate, "fixed-rate");
		addIf(kinds, this.fixedDelay, "fixed-delay");
		addIf(kinds, this.cron, "cron");
		String exactlyOne = "Set exactly one of " + origin.name("fixed-rate") + ", " + origin.name("fixed-delay")
				+ " and " + origin.name("cron") + ".";
		if (kinds.isEmpty()) {
			throw origin.invalid("fixed-rate", null, "the timer has no schedule", exactlyOne);
		}
		if (kinds.size() > 1) {
			throw origin.invalid(kinds.get(1), value(kinds.get(1)),
					"the timer has a " + kinds.get(0) + " already: it takes one schedule", exactlyOne);
		}
		if (this.initialDelay.isNegative()) {
			throw origin.invalid("initial-delay", this.initialDelay, "the delay cannot be negative",
					"Set it to 0 or a positive duration such as 5s.");
		}
		String cron = this.cron;
		if (cron != null) {
			return cron(origin, cron);
		}
		if (this.zone != null) {
			throw origin.invalid("zone", this.zone, "only a cron timer has a zone",
					"Remove it, or give the timer a " + origin.name("cron") + " instead.");
		}
		Duration rate = this.fixedRate;
		if (rate != null) {
			return TimerSchedule.fixedRate(positive(origin, "fixed-rate", rate), this.initialDelay);
		}
		return TimerSchedule.fixedDelay(positive(origin, "fixed-delay", Objects.requireNonNull(this.fixedDelay)),
				this.initialDelay);
	}

	private TimerSchedule cron(TimerOrigin origin, String cron) {
		if (!this.initialDelay.isZero()) {
			throw origin.invalid("initial-delay", this.initialDelay, "a cron timer starts at its fire times only",
					"Remove it, or write the delay into the cron expression.");
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(cron);
		}
		catch (IllegalArgumentException ex) {
			throw origin.invalid("cron", cron, "it is not a cron expression (" + ex.getMessage() + ")",
					"Write " + CRON_EXAMPLE + ", or a macro such as @hourly.");
		}
		ZoneId zoneId;
		try {
			zoneId = (this.zone != null) ? ZoneId.of(this.zone) : ZoneId.systemDefault();
		}
		catch (DateTimeException ex) {
			throw origin.invalid("zone", this.zone, "it is not a time zone (" + ex.getMessage() + ")",
					"Use a zone id such as Europe/Paris or UTC.");
		}
		return TimerSchedule.cron(expression, zoneId);
	}

	private static Duration positive(TimerOrigin origin, String setting, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw origin.invalid(setting, duration, "the duration must be positive",
					"Set a positive duration such as 100ms or 5s.");
		}
		return duration;
	}

	private @Nullable Object value(String kind) {
		return switch (kind) {
			case "fixed-rate" -> this.fixedRate;
			case "fixed-delay" -> this.fixedDelay;
			default -> this.cron;
		};
	}

	private static void addIf(List<String> kinds, @Nullable Object value, String kind) {
		if (value != null) {
			kinds.add(kind);
		}
	}

}
