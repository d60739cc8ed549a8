package dev.workerstarter.timer.internal;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * Where a timer's settings come from, so that a bad one is reported there: the keys of
 * {@code worker.timers.<name>}, or the attributes of a {@code @WorkerTimer} method.
 */
interface TimerOrigin {

	/**
	 * Describes where the settings were written.
	 * @return the prefix of the keys, or the method and its bean
	 */
	String where();

	/**
	 * Returns how a setting is named where it was set.
	 * @param setting the setting, as its key under {@code worker.timers.<name>}, for
	 * example {@code fixed-rate}
	 * @return the full key, or the annotation's attribute
	 */
	String name(String setting);

	/**
	 * Returns the exception that stops start-up for a bad setting.
	 * @param setting the setting, as its key under {@code worker.timers.<name>}
	 * @param value its value
	 * @param reason why it is bad
	 * @param action how to fix it
	 * @return the exception
	 */
	RuntimeException invalid(String setting, @Nullable Object value, String reason, String action);

	/**
	 * Returns the origin of the settings under {@code worker.timers.<name>}.
	 * @param timer the timer's name
	 * @return the origin
	 */
	static TimerOrigin property(String timer) {
		String prefix = "worker.timers." + timer + ".";
		return new TimerOrigin() {

			@Override
			public String where() {
				return "worker.timers." + timer;
			}

			@Override
			public String name(String setting) {
				return prefix + setting;
			}

			@Override
			public RuntimeException invalid(String setting, @Nullable Object value, String reason, String action) {
				return new InvalidWorkerPropertyException(name(setting), value, reason, action);
			}

		};
	}

	/**
	 * Returns the origin of the attributes of an annotated method.
	 * @param beanName the bean's name
	 * @param method the method
	 * @return the origin
	 */
	static TimerOrigin annotation(String beanName, Method method) {
		return new TimerOrigin() {

			@Override
			public String where() {
				return "method '" + method.getName() + "' of bean '" + beanName + "' ("
						+ method.getDeclaringClass().getName() + ")";
			}

			@Override
			public String name(String setting) {
				StringBuilder attribute = new StringBuilder();
				for (String word : setting.split("-")) {
					attribute
						.append(attribute.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
				}
				return attribute.toString();
			}

			@Override
			public RuntimeException invalid(String setting, @Nullable Object value, String reason, String action) {
				String attribute = (value != null) ? " " + name(setting) + " '" + value + "'" : "";
				return new IllegalStateException(
						"Invalid @WorkerTimer on " + where() + attribute + ": " + reason + ". " + action);
			}

		};
	}

}
