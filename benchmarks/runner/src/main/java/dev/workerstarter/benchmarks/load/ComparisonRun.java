package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Runs a comparison: starts every system, warms each up, then measures them in
 * interleaved rounds, alternating the order from round to round so that no system always
 * goes first.
 */
final class ComparisonRun {

	private final Comparison scenario;

	private final LoadEnvironment environment;

	ComparisonRun(Comparison scenario, LoadEnvironment environment) {
		this.scenario = scenario;
		this.environment = environment;
	}

	ComparisonResult run() throws IOException {
		Progress.say("Scenario " + this.scenario.id() + ": " + this.scenario.title());
		List<ServerProcess> servers = ServerProcess.startAll(this.scenario.systems(), this.environment,
				this.scenario.path());
		try {
			for (ServerProcess server : servers) {
				this.environment.warmUp(server, this.scenario.path(), this.scenario.connections());
			}
			// A round as the measured ones, readings included: a system loaded again
			// after idling while the others warmed up, or first asked for its
			// readings, still compiles for seconds.
			for (ServerProcess server : servers) {
				measure(server, "settling");
			}
			Map<String, List<LoadResult>> rounds = new LinkedHashMap<>();
			servers.forEach((server) -> rounds.put(server.spec().id(), new ArrayList<>()));
			List<ServerProcess> order = new ArrayList<>(servers);
			for (int round = 0; round < this.environment.rounds(); round++) {
				for (ServerProcess server : order) {
					rounds.get(server.spec().id()).add(measure(server, "round " + (round + 1)));
				}
				Collections.reverse(order);
			}
			List<SystemResult> systems = servers.stream()
				.map((server) -> new SystemResult(server.spec().id(), server.spec().label(),
						List.copyOf(rounds.get(server.spec().id()))))
				.toList();
			return new ComparisonResult(this.scenario, systems, ratios(systems));
		}
		finally {
			servers.forEach(ServerProcess::close);
		}
	}

	// Measures a round and says how it went, with the time the server's compilers took
	// meanwhile (read outside the round's CPU time): a round that compiled for seconds
	// measured the compilers.
	private LoadResult measure(ServerProcess server, String round) {
		OptionalDouble jitBefore = server.jitSeconds();
		LoadResult result = server.measure(() -> this.environment.wrk()
			.run(server.url(this.scenario.path()), this.scenario.connections(), this.environment.duration(), false));
		double jit = JitTime.between(jitBefore, server.jitSeconds());
		Progress.say("  %-8s %-38s %,10.0f req/s  p50 %7.2f ms  p99 %7.2f ms  failed %d  cpu %.2f  jit %.2f s", round,
				server.spec().label(), result.throughput(), result.p50Millis(), result.p99Millis(), result.failed(),
				result.serverCpu(), jit);
		return result;
	}

	private List<Ratio> ratios(List<SystemResult> systems) {
		SystemResult subject = systems.get(0);
		List<Ratio> ratios = new ArrayList<>();
		for (SystemResult baseline : systems.subList(1, systems.size())) {
			List<Double> throughput = new ArrayList<>();
			List<Double> p99 = new ArrayList<>();
			for (int round = 0; round < subject.rounds().size(); round++) {
				LoadResult ours = subject.rounds().get(round);
				LoadResult theirs = baseline.rounds().get(round);
				throughput.add(ours.throughput() / theirs.throughput());
				p99.add(ours.p99Millis() / theirs.p99Millis());
			}
			ratios.add(new Ratio(baseline.id(), baseline.label(), throughput, p99));
		}
		Double ideal = this.scenario.idealThroughput();
		if (ideal != null) {
			List<Double> throughput = subject.rounds().stream().map((round) -> round.throughput() / ideal).toList();
			ratios.add(new Ratio("ideal", "Ideal (%,.0f req/s)".formatted(ideal), throughput, List.of()));
		}
		return ratios;
	}

}
