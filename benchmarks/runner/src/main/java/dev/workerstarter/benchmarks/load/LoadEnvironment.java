package dev.workerstarter.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
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

	private static final int JIT_SETTLED_PERCENT = 5;

	private static final int JIT_SETTLED_STEPS = 2;

	private static final int PIN_ATTEMPTS = 5;

	/**
	 * Warms a system up with wrk, as {@link #warmUp(ServerProcess, ToDoubleFunction)}
	 * does with any load.
	 * @param server the system
	 * @param path the path to load
	 * @param connections the connections of the measured load
	 */
	public void warmUp(ServerProcess server, String path, int connections) {
		warmUp(server, (step) -> this.wrk.run(server.url(path), connections, step, false).throughput());
	}

	/**
	 * Warms a system up: loads it in steps of up to {@value #WARMUP_STEP_SECONDS} seconds
	 * until its JIT compilers took at most {@value #JIT_SETTLED_PERCENT}% of each of
	 * {@value #JIT_SETTLED_STEPS} steps in a row, or {@value #STEADY_STEPS} steps in a
	 * row gave throughputs within {@value #STEADY_PERCENT}% of each other, or the warm-up
	 * time is spent. On one CPU shared with the compilers a system climbs for about a
	 * minute, pausing on plateaus, and on a shared machine its throughput may never be
	 * steady: the compilers' time tells when it has settled.
	 * @param server the system
	 * @param load runs the load for the given time and returns its throughput
	 */
	public void warmUp(ServerProcess server, ToDoubleFunction<Duration> load) {
		warmUp(load, server::jitSeconds);
	}

	void warmUp(ToDoubleFunction<Duration> load, Supplier<OptionalDouble> jitSeconds) {
		Duration step = (this.warmup.toSeconds() < WARMUP_STEP_SECONDS) ? this.warmup
				: Duration.ofSeconds(WARMUP_STEP_SECONDS);
		List<Double> rates = new ArrayList<>();
		List<Double> compiling = new ArrayList<>();
		OptionalDouble jitBefore = jitSeconds.get();
		for (Duration spent = Duration.ZERO; spent.compareTo(this.warmup) < 0; spent = spent.plus(step)) {
			rates.add(load.applyAsDouble(step));
			OptionalDouble jitAfter = jitSeconds.get();
			compiling.add(JitTime.between(jitBefore, jitAfter));
			jitBefore = jitAfter;
			String settled = jitSettled(compiling, step) ? "JIT settled" : steady(rates) ? "steady" : null;
			if (settled != null) {
				say("warmed up, " + settled, rates, compiling);
				return;
			}
		}
		say("warm-up time spent", rates, compiling);
	}

	private static void say(String outcome, List<Double> rates, List<Double> compiling) {
		Progress.say("  %s: %s per s; JIT %s s", outcome,
				String.join(", ", rates.stream().map("%,.0f"::formatted).toList()),
				String.join(", ", compiling.stream().map("%.2f"::formatted).toList()));
	}

	// Whether the compilers took at most JIT_SETTLED_PERCENT of each of the last
	// JIT_SETTLED_STEPS steps; never when their time could not be read.
	static boolean jitSettled(List<Double> compiling, Duration step) {
		if (compiling.size() < JIT_SETTLED_STEPS) {
			return false;
		}
		double limit = step.toMillis() / 1000.0 * JIT_SETTLED_PERCENT / 100;
		return compiling.subList(compiling.size() - JIT_SETTLED_STEPS, compiling.size())
			.stream()
			.allMatch((seconds) -> seconds <= limit);
	}

	// Whether the last STEADY_STEPS throughputs are within STEADY_PERCENT of the highest.
	static boolean steady(List<Double> rates) {
		if (rates.size() < STEADY_STEPS) {
			return false;
		}
		List<Double> last = rates.subList(rates.size() - STEADY_STEPS, rates.size());
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
