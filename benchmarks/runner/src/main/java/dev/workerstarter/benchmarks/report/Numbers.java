package dev.workerstarter.benchmarks.report;

import java.util.Locale;

/**
 * How figures are written in the report.
 */
final class Numbers {

	private Numbers() {
	}

	static String compact(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String ratio(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
	}

}
