package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The open-file limit of this process, which the servers it starts inherit: a scenario
 * with many connections checks it before it starts.
 */
final class OpenFiles {

	private static final String LINE = "Max open files";

	private OpenFiles() {
	}

	/**
	 * Fails unless this process may open at least a number of files.
	 * @param needed the files needed
	 * @throws IllegalStateException if the limit is lower
	 */
	static void require(long needed) {
		Path limits = Path.of("/proc/self/limits");
		if (!Files.isReadable(limits)) {
			return;
		}
		try {
			long limit = softLimit(Files.readAllLines(limits));
			if (limit < needed) {
				throw new IllegalStateException("The open-file limit is " + limit + "; this scenario needs " + needed
						+ ": raise it with `ulimit -n " + needed + "` (benchmarks/run raises it to the hard limit)");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads the soft open-file limit from the lines of {@code /proc/<pid>/limits}.
	 * @param lines the lines
	 * @return the limit, {@link Long#MAX_VALUE} if unlimited or not listed
	 */
	static long softLimit(List<String> lines) {
		return lines.stream()
			.filter((line) -> line.startsWith(LINE))
			.map((line) -> line.substring(LINE.length()).trim().split("\\s+")[0])
			.map((soft) -> soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft))
			.findFirst()
			.orElse(Long.MAX_VALUE);
	}

}
