package dev.workerstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.workerstarter.benchmarks.load.Jdk;
import dev.workerstarter.benchmarks.load.LoadEnvironment;
import dev.workerstarter.benchmarks.load.LoadResults;
import dev.workerstarter.benchmarks.load.LoadSuite;
import dev.workerstarter.benchmarks.load.Progress;
import dev.workerstarter.benchmarks.load.Wrk;
import dev.workerstarter.benchmarks.micro.MicroResult;
import dev.workerstarter.benchmarks.micro.MicroSuite;
import dev.workerstarter.benchmarks.report.BenchmarkReport;
import dev.workerstarter.benchmarks.report.Machine;
import dev.workerstarter.benchmarks.report.ReportWriter;
import dev.workerstarter.benchmarks.report.RunSettings;

/**
 * Runs the whole benchmark suite and writes its report. Started by
 * {@code benchmarks/run}.
 * <ul>
 * <li>{@code --quick}: one short round per system, short JMH runs, report under
 * {@code benchmarks/target/quick}; a smoke run of a few minutes.</li>
 * <li>default (full): several rounds, report in {@code docs/}.</li>
 * <li>{@code --load-only} / {@code --micro-only}: one half of the suite.</li>
 * <li>{@code --only=websocket,hello}: only these load scenarios (no micro benchmarks),
 * report under {@code benchmarks/target/only} (or {@code quick} with {@code --quick}),
 * never in {@code docs/}.</li>
 * </ul>
 */
public final class BenchmarkRunner {

	private static final Set<String> OPTIONS = Set.of("--quick", "--load-only", "--micro-only");

	private static final String ONLY = "--only=";

	private static final String CLIENT_CPU = "0";

	private static final String SERVER_CPU = "1";

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws IOException {
		List<String> options = List.of(args);
		Set<String> only = new LinkedHashSet<>();
		for (String option : options) {
			if (option.startsWith(ONLY)) {
				only.addAll(List.of(option.substring(ONLY.length()).split(",")));
			}
			else if (!OPTIONS.contains(option)) {
				throw new IllegalArgumentException(
						"Unknown option " + option + "; use any of " + OPTIONS + " or " + ONLY + "<scenario,...>");
			}
		}
		boolean quick = options.contains("--quick");
		Path root = Path.of(System.getProperty("worker.benchmarks.root", ".")).toAbsolutePath().normalize();
		Path benchmarks = root.resolve("benchmarks");
		Path outputDir = quick ? benchmarks.resolve("target/quick")
				: only.isEmpty() ? root.resolve("docs") : benchmarks.resolve("target/only");
		Path work = benchmarks.resolve("target/run");

		Instant start = Instant.now();
		boolean pinned = Runtime.getRuntime().availableProcessors() >= 2;
		List<String> generatorPin = pinned ? List.of("taskset", "-c", CLIENT_CPU) : List.of();
		String pinning = pinned
				? "each server JVM pinned to CPU " + SERVER_CPU + " once started (`taskset -a -p -c " + SERVER_CPU
						+ "`, with `-XX:ActiveProcessorCount=1`), wrk (and the runner's JVM while it is the WebSocket "
						+ "client) to CPU " + CLIENT_CPU
				: "one CPU shared by server and load generator (no pinning)";
		List<String> jvmOptions = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
		if (pinned) {
			jvmOptions.add("-XX:ActiveProcessorCount=1");
		}
		Wrk wrk = new Wrk(generatorPin, work);
		Jdk virtualThreadJdk = Jdk.forVirtualThreads(System.getenv());
		LoadEnvironment environment = new LoadEnvironment(benchmarks, Files.createDirectories(work.resolve("logs")),
				pinned ? SERVER_CPU : null, pinned ? CLIENT_CPU : null, jvmOptions, wrk,
				Duration.ofSeconds(quick ? 2 : 120), Duration.ofSeconds(quick ? 2 : 8), quick ? 1 : 6,
				virtualThreadJdk);

		LoadResults load = options.contains("--micro-only") ? null : LoadSuite.run(environment, only);
		List<MicroResult> micro = (options.contains("--load-only") || !only.isEmpty()) ? null : MicroSuite.run(quick);

		List<String> command = new ArrayList<>(List.of("benchmarks/run"));
		command.addAll(options);
		double minutes = Duration.between(start, Instant.now()).toMillis() / 60_000.0;
		RunSettings settings = new RunSettings(String.join(" ", command), quick ? "quick" : "full",
				start.truncatedTo(ChronoUnit.SECONDS).toString(), minutes, environment.rounds(),
				environment.duration().toSeconds(), environment.warmup().toSeconds(), jvmOptions);
		String virtualThreads = (virtualThreadJdk != null)
				? virtualThreadJdk.version() + " (" + virtualThreadJdk.home() + ")" : "none found";
		BenchmarkReport report = BenchmarkReport.of(Machine.describe(wrk.version(), pinning, virtualThreads), settings,
				load, micro);
		Path markdown = new ReportWriter(outputDir).write(report);
		Progress.say("Report written to %s", markdown);
		report.targets()
			.forEach((target) -> Progress.say("  %-4s %s: %s", target.met() ? "met" : "MISS", target.target(),
					target.measured()));
	}

}
