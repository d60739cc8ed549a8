package dev.workerstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@code worker.*} property has a value the starter cannot use.
 */
public class InvalidWorkerPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final transient @Nullable Object value;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the full name of the property, for example {@code worker.pool.size}
	 * @param value the rejected value, {@code null} for a missing one
	 * @param reason why it is rejected
	 * @param action how to fix it
	 */
	public InvalidWorkerPropertyException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * Returns the full name of the property.
	 * @return the property name
	 */
	public String property() {
		return this.property;
	}

	/**
	 * Returns the rejected value.
	 * @return the value, {@code null} for a missing one
	 */
	public @Nullable Object value() {
		return this.value;
	}

	/**
	 * Returns how to fix the value.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
