package dev.workerstarter.benchmarks.load;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Progress lines on standard output, so a long run shows where it is.
 */
public final class Progress {

	private Progress() {
	}

	/**
	 * Prints a progress line.
	 * @param format the line, a format string
	 * @param args the format's arguments
	 */
	public static void say(String format, Object... args) {
		System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + format.formatted(args));
	}

}
