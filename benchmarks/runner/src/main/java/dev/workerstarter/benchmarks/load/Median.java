package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * The median of measured values.
 */
public final class Median {

	private Median() {
	}

	/**
	 * Returns the median.
	 * @param values the values
	 * @return their median, {@code NaN} if there are none
	 */
	public static double of(List<? extends Number> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
