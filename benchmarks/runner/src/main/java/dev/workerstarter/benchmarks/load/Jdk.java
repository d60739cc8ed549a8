package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A JDK the servers run on: the runner's own, or one with virtual threads (Java 21 or
 * later) for the systems that need them.
 *
 * @param home the JDK's home directory
 * @param version its version as its {@code release} file or runtime gives it, such as
 * {@code Temurin-25.0.3+9}
 * @param feature its feature release, such as {@code 25}
 */
public record Jdk(Path home, String version, int feature) {

	/**
	 * Environment variable that names the home of the JDK with virtual threads, as
	 * {@code .ci/run} reads it.
	 */
	public static final String VIRTUAL_THREADS_HOME = "JDK25_HOME";

	/**
	 * Where the JDK with virtual threads is when {@value #VIRTUAL_THREADS_HOME} is unset.
	 */
	public static final Path DEFAULT_VIRTUAL_THREADS_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	/** The first feature release with virtual threads. */
	public static final int VIRTUAL_THREADS_FEATURE = 21;

	/**
	 * Returns the JDK that runs this process.
	 * @return the JDK
	 */
	public static Jdk current() {
		return new Jdk(Path.of(System.getProperty("java.home")),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				Runtime.version().feature());
	}

	/**
	 * Finds the JDK with virtual threads: the one {@value #VIRTUAL_THREADS_HOME} names,
	 * or else the one at {@link #DEFAULT_VIRTUAL_THREADS_HOME}.
	 * @param environment the process environment
	 * @return the JDK, or {@code null} if there is none or it is older than Java 21
	 */
	public static @Nullable Jdk forVirtualThreads(Map<String, String> environment) {
		String home = environment.get(VIRTUAL_THREADS_HOME);
		Jdk jdk = read((home != null && !home.isBlank()) ? Path.of(home) : DEFAULT_VIRTUAL_THREADS_HOME);
		return (jdk != null && jdk.feature() >= VIRTUAL_THREADS_FEATURE) ? jdk : null;
	}

	/**
	 * Reads a JDK's {@code release} file.
	 * @param home the JDK's home directory
	 * @return the JDK, or {@code null} if there is no {@code release} file with a version
	 * or no {@code bin/java}
	 */
	static @Nullable Jdk read(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
			return null;
		}
		try {
			return parse(home, Files.readAllLines(release));
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Parses the lines of a JDK's {@code release} file.
	 * @param home the JDK's home directory
	 * @param release the file's lines
	 * @return the JDK, or {@code null} if the file has no {@code JAVA_VERSION}
	 */
	static @Nullable Jdk parse(Path home, List<String> release) {
		Map<String, String> values = release.stream()
			.filter((line) -> line.indexOf('=') > 0)
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')).trim(),
					(line) -> line.substring(line.indexOf('=') + 1).trim().replace("\"", ""), (first, last) -> last));
		String version = values.get("JAVA_VERSION");
		if (version == null || version.isEmpty()) {
			return null;
		}
		int feature = Integer.parseInt(version.split("[.+-]")[0]);
		String implementor = values.get("IMPLEMENTOR_VERSION");
		return new Jdk(home, (implementor != null && !implementor.isEmpty()) ? implementor
				: values.getOrDefault("IMPLEMENTOR", "JDK") + " " + version, feature);
	}

	/**
	 * Returns the {@code java} launcher.
	 * @return its path
	 */
	public Path java() {
		return this.home.resolve("bin").resolve("java");
	}

}
