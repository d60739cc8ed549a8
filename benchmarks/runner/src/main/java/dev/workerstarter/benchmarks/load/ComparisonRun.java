package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
			servers.forEach(this::measure);
			Progress.say("  settling round done");
			Map<String, List<LoadResult>> rounds = new LinkedHashMap<>();
			servers.forEach((server) -> rounds.put(server.spec().id(), new ArrayList<>()));
			List<ServerProcess> order = new ArrayList<>(servers);
			for (int round = 0; round < this.environment.rounds(); round++) {
				for (ServerProcess server : order) {
					LoadResult result = measure(server);
					rounds.get(server.spec().id()).add(result);
					Progress.say("  round %d %-38s %,10.0f req/s  p50 %7.2f ms  p99 %7.2f ms  failed %d  cpu %.2f",
							round + 1, server.spec().label(), result.throughput(), result.p50Millis(),
							result.p99Millis(), result.failed(), result.serverCpu());
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

	private LoadResult measure(ServerProcess server) {
		return server.measure(() -> this.environment.wrk()
			.run(server.url(this.scenario.path()), this.scenario.connections(), this.environment.duration(), false));
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
