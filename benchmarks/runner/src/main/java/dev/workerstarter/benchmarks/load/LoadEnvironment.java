package dev.workerstarter.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * Where and how the load runs happen: the modules' class paths, the CPU each side is
 * pinned to, the servers' JVM options, the load generator and the run lengths.
 *
 * @param benchmarksDir the {@code benchmarks} directory of the project
 * @param logDir where the servers' logs go
 * @param serverCpu the CPU list (as taskset takes it) servers are pinned to once started,
 * or {@code null} for none
 * @param clientCpu the CPU list of the load generator, and of this JVM while it is the
 * load client itself, or {@code null} for none
 * @param serverJvmOptions options of every server JVM
 * @param wrk the load generator
 * @param warmup the longest warm-up load before a system's first measured round
 * @param duration length of each measured round
 * @param rounds measured rounds per system
 * @param virtualThreadJdk the JDK of the systems on virtual threads and of those compared
 * with them, or {@code null} if there is none
 */
public record LoadEnvironment(Path benchmarksDir, Path logDir, @Nullable String serverCpu, @Nullable String clientCpu,
		List<String> serverJvmOptions, Wrk wrk, Duration warmup, Duration duration, int rounds,
		@Nullable Jdk virtualThreadJdk) {

	private static final int WARMUP_STEP_SECONDS = 5;

	private static final int STEADY_PERCENT = 3;

	private static final int STEADY_STEPS = 3;

	private static final int PIN_ATTEMPTS = 5;

	/**
	 * Warms a system up: loads it in steps of up to {@value #WARMUP_STEP_SECONDS} seconds
	 * until {@value #STEADY_STEPS} steps in a row give throughputs within
	 * {@value #STEADY_PERCENT}% of each other (the JIT has settled) or the warm-up time
	 * is spent. Two steps are not enough: on one CPU shared with the compiler, a rising
	 * system can pause on a plateau for two steps.
	 * @param url the URL to load
	 * @param connections the connections of the measured load
	 */
	public void warmUp(String url, int connections) {
		warmUp((step) -> this.wrk.run(url, connections, step, false).throughput());
	}

	/**
	 * Warms a system up with any load, as {@link #warmUp(String, int)} does with wrk.
	 * @param load runs the load for the given time and returns its throughput
	 */
	public void warmUp(ToDoubleFunction<Duration> load) {
		Duration step = (this.warmup.toSeconds() < WARMUP_STEP_SECONDS) ? this.warmup
				: Duration.ofSeconds(WARMUP_STEP_SECONDS);
		List<Double> steps = new ArrayList<>();
		for (Duration spent = Duration.ZERO; spent.compareTo(this.warmup) < 0; spent = spent.plus(step)) {
			steps.add(load.applyAsDouble(step));
			if (steady(steps)) {
				Progress.say("  warmed up, steady: %s per s", rates(steps));
				return;
			}
		}
		Progress.say("  warm-up time spent, not steady: %s per s", rates(steps));
	}

	private static String rates(List<Double> steps) {
		return String.join(", ", steps.stream().map("%,.0f"::formatted).toList());
	}

	// Whether the last STEADY_STEPS throughputs are within STEADY_PERCENT of the highest.
	static boolean steady(List<Double> steps) {
		if (steps.size() < STEADY_STEPS) {
			return false;
		}
		List<Double> last = steps.subList(steps.size() - STEADY_STEPS, steps.size());
		double max = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		double min = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		return max - min <= max * STEADY_PERCENT / 100;
	}

	/**
	 * Pins every thread of a started server to the server CPU, if pinning is on. Threads
	 * it starts later inherit the pinning.
	 * @param pid the server's process id
	 */
	public void pin(long pid) {
		if (this.serverCpu == null) {
			return;
		}
		taskset(this.serverCpu, pid);
	}

	/**
	 * Pins every thread of this JVM to the client CPU, if pinning is on, for a scenario
	 * whose load client runs in it rather than in wrk; closing the pin gives its threads
	 * back the CPUs they had (threads started meanwhile included).
	 * @return the pin
	 */
	public ClientPin pinClient() {
		String cpus = this.clientCpu;
		if (cpus == null) {
			return () -> {
			};
		}
		long pid = ProcessHandle.current().pid();
		Command affinity = Command.run(List.of("taskset", "-c", "-p", Long.toString(pid)));
		String output = affinity.output().trim();
		if (affinity.exitCode() != 0 || !output.contains(": ")) {
			throw new IllegalStateException("taskset could not tell the CPUs of process " + pid + ": " + output);
		}
		String before = output.substring(output.lastIndexOf(": ") + 2);
		taskset(cpus, pid);
		return () -> taskset(before, pid);
	}

	private static void taskset(String cpus, long pid) {
		// taskset fails when one of the threads it lists ends before it is pinned: try
		// again
		List<String> taskset = List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(pid));
		for (int attempt = 1; attempt <= PIN_ATTEMPTS; attempt++) {
			if (Command.run(taskset).exitCode() == 0) {
				return;
			}
		}
		throw new IllegalStateException("taskset could not pin process " + pid + " in " + PIN_ATTEMPTS + " attempts");
	}

	/**
	 * Returns the {@code java} launcher a system runs on.
	 * @param spec the system
	 * @return the launcher
	 * @throws IllegalStateException if the system needs the JDK with virtual threads and
	 * there is none
	 */
	public Path java(SystemSpec spec) {
		if (!spec.virtualThreadJdk()) {
			return Jdk.current().java();
		}
		if (this.virtualThreadJdk == null) {
			throw new IllegalStateException(
					spec.label() + " needs a JDK " + Jdk.VIRTUAL_THREADS_FEATURE + " or later: install one at "
							+ Jdk.DEFAULT_VIRTUAL_THREADS_HOME + " or name its home in " + Jdk.VIRTUAL_THREADS_HOME);
		}
		return this.virtualThreadJdk.java();
	}

	/**
	 * Returns the class path of a benchmark module, as written by its build.
	 * @param module the module under {@code benchmarks/}
	 * @return the class path
	 */
	public String classpath(String module) {
		Path target = this.benchmarksDir.resolve(module).resolve("target");
		try {
			return target.resolve("classes") + File.pathSeparator
					+ Files.readString(target.resolve("classpath.txt")).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Build the benchmarks first (benchmarks/run does): " + target, ex);
		}
	}

	/**
	 * This JVM pinned to the client CPU until closed.
	 */
	@FunctionalInterface
	public interface ClientPin extends AutoCloseable {

		@Override
		void close();

	}

}
