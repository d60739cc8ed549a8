package dev.workerstarter.benchmarks.load;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The time a JVM's JIT compilers have spent so far, as {@code jstat -compiler} reads it
 * from the JVM's performance counters: while it still grows fast, the JVM is warming up.
 */
final class JitTime {

	private static final String JSTAT = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();

	private JitTime() {
	}

	/**
	 * Reads a JVM's total compilation time.
	 * @param pid the JVM's process id
	 * @return the seconds, or empty if {@code jstat} cannot tell
	 */
	static OptionalDouble seconds(long pid) {
		try {
			Command command = Command.run(List.of(JSTAT, "-compiler", Long.toString(pid)));
			return (command.exitCode() == 0) ? parse(command.output()) : OptionalDouble.empty();
		}
		catch (RuntimeException ex) {
			return OptionalDouble.empty();
		}
	}

	/**
	 * Returns the compilers' time between two readings.
	 * @param before the first reading
	 * @param after the second reading
	 * @return the seconds, or {@code NaN} if either reading is unknown
	 */
	static double between(OptionalDouble before, OptionalDouble after) {
		return (before.isPresent() && after.isPresent()) ? after.getAsDouble() - before.getAsDouble() : Double.NaN;
	}

	/**
	 * Reads the {@code Time} column of {@code jstat -compiler}'s output.
	 * @param output the output: a header line and a line of figures
	 * @return the seconds, or empty if the output is not that
	 */
	static OptionalDouble parse(String output) {
		String[] lines = output.strip().split("\\R");
		if (lines.length != 2) {
			return OptionalDouble.empty();
		}
		List<String> header = List.of(lines[0].trim().split("\\s+"));
		String[] values = lines[1].trim().split("\\s+");
		int column = header.indexOf("Time");
		if (column < 0 || column >= values.length) {
			return OptionalDouble.empty();
		}
		try {
			return OptionalDouble.of(Double.parseDouble(values[column]));
		}
		catch (NumberFormatException ex) {
			return OptionalDouble.empty();
		}
	}

}
