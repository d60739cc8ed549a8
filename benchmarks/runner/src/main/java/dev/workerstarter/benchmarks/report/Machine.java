package dev.workerstarter.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run happened on.
 *
 * @param cpu the CPU model
 * @param cpus logical CPUs
 * @param memory total memory
 * @param os operating system and kernel
 * @param java the JVM that ran the servers
 * @param loadGenerator the load generator's version
 * @param pinning how servers and generator shared the CPUs
 * @param virtualThreadJava the JVM of the systems on virtual threads and of those
 * compared with them
 */
public record Machine(String cpu, int cpus, String memory, String os, String java, String loadGenerator, String pinning,
		String virtualThreadJava) {

	/**
	 * Describes this machine.
	 * @param loadGenerator the load generator's version
	 * @param pinning how servers and generator share the CPUs
	 * @param virtualThreadJava the JVM of the systems on virtual threads
	 * @return the description
	 */
	public static Machine describe(String loadGenerator, String pinning, String virtualThreadJava) {
		String cpu = read("/proc/cpuinfo", "model name");
		String memory = read("/proc/meminfo", "MemTotal");
		if (!memory.equals("unknown")) {
			long kib = Long.parseLong(memory.replaceAll("[^0-9]", ""));
			memory = String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
		}
		return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory,
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
						+ System.getProperty("os.arch") + ")",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), loadGenerator,
				pinning, virtualThreadJava);
	}

	private static String read(String file, String key) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
