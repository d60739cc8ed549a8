package dev.workerstarter.internal;

import java.util.Locale;

/**
 * The tag values of an enum's constants: their lower-case names, computed once.
 *
 * @param <E> the enum type
 */
public final class TagValues<E extends Enum<E>> {

	private final String[] values;

	/**
	 * Computes the tag values of an enum's constants.
	 * @param type the enum type
	 */
	public TagValues(Class<E> type) {
		E[] constants = type.getEnumConstants();
		this.values = new String[constants.length];
		for (E constant : constants) {
			this.values[constant.ordinal()] = constant.name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * Returns the tag value of a constant.
	 * @param constant the constant
	 * @return its lower-case name
	 */
	public String of(E constant) {
		return this.values[constant.ordinal()];
	}

}
