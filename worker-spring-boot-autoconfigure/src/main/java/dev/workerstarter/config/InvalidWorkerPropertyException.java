package dev.workerstarter.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.origin.Origin;

/**
 * Thrown at start-up when a {@code worker.*} property has a value the starter cannot use.
 * <p>
 * It is a Spring Boot {@link InvalidConfigurationPropertyValueException} (the full key as
 * {@link #getName() name}, the rejected {@link #getValue() value}, the
 * {@link #getReason() reason}) and adds {@link #getAction() how to fix the value}. The
 * starter's failure analyzer, ordered ahead of Spring Boot's analyzer of the base type,
 * reports the reason, where the value was set (file and line, or property source) and the
 * fix.
 * <p>
 * It lives in this package, which depends on nothing else of the starter, because each
 * value is checked where it is used: by the pool, the reboot strategies, the web filter,
 * the middlewares, the metrics and the integrations. Those packages sit below the
 * auto-configuration that binds {@code WorkerProperties} and must not depend on it; they
 * get plain values and the prefix of their keys (such as {@code worker.kernel-reboot}),
 * so that every message names the full key.
 */
public class InvalidWorkerPropertyException extends InvalidConfigurationPropertyValueException {

	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the full name of the property, for example {@code worker.pool.size}
	 * @param value the rejected value, {@code null} for a missing one
	 * @param reason why it is rejected
	 * @param action how to fix it
	 */
	public InvalidWorkerPropertyException(String property, @Nullable Object value, String reason, String action) {
		super(property, value, reason);
		this.action = action;
	}

	/**
	 * Checks that a duration is positive.
	 * @param property the full name of the property
	 * @param duration its value
	 * @return the duration
	 * @throws InvalidWorkerPropertyException if the duration is zero or negative
	 */
	public static Duration requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidWorkerPropertyException(property, duration, "the duration must be positive",
					"Set " + property + " to a positive duration such as 30s.");
		}
		return duration;
	}

	/**
	 * Checks that a duration is not negative.
	 * @param property the full name of the property
	 * @param duration its value
	 * @return the duration
	 * @throws InvalidWorkerPropertyException if the duration is negative
	 */
	public static Duration requireNotNegative(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new InvalidWorkerPropertyException(property, duration, "the duration cannot be negative",
					"Set " + property + " to 0 or a positive duration such as 30s.");
		}
		return duration;
	}

	@Override
	public String getMessage() {
		return describe(null);
	}

	/**
	 * Describes the rejected value, with where it was set when that is known.
	 * @param origin where the value was set, for example
	 * {@code class path resource [application.properties] - 3:18}, or {@code null}
	 * @return the description
	 */
	public String describe(@Nullable Origin origin) {
		String from = (origin != null) ? " (originating from '" + origin + "')" : "";
		return "Invalid value '" + getValue() + "' for property '" + getName() + "'" + from + ": " + getReason();
	}

	/**
	 * Returns how to fix the value.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
