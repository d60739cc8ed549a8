package dev.workerstarter.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.workerstarter.benchmarks.load.LoadResult;
import dev.workerstarter.benchmarks.load.Median;
import dev.workerstarter.benchmarks.load.NamedPoolsResult;
import dev.workerstarter.benchmarks.load.NamedPoolsSystem;

/**
 * The report's section on the named-pools scenario: the fast route alone and beside the
 * saturated slow route, and what the slow route's load did.
 */
final class NamedPoolsSection {

	static final String CHART = "named-pools-latency.svg";

	private NamedPoolsSection() {
	}

	static void write(StringBuilder md, NamedPoolsResult result, int rounds, long roundSeconds, Path folder)
			throws IOException {
		md.append("## Named pools: a fast route beside a saturated slow route\n\n");
		md.append(String.format(Locale.ROOT,
				"A fast route (`/fast`, a reactive hello world) under %d connections, alone and while a second wrk "
						+ "saturates a slow route (`/slow`, a blocking handler that holds its worker %d ms) with %d "
						+ "connections, each waiting %d ms after every response: a client that backs off a little. "
						+ "(Without the wait, the connections answered `503` at once would send tens of thousands "
						+ "of requests a second and take the server's CPU from both routes: that measures the CPU, "
						+ "not the pools.) **Named pool**: `/slow/**` on `worker.pools.slow` with %d workers and a "
						+ "queue of %d, everything else on the default pool of %d workers. **One shared pool**: "
						+ "%d workers for both routes, the default queue of 1,024. Each system is warmed up on the "
						+ "fast route, then with one loaded step. In each of %d rounds every system measures the "
						+ "fast route alone for %d s and under load for %d s (the slow load starts half a second "
						+ "before and ends about half a second after, then its queue drains for half a second); the order of the four "
						+ "measurements is reversed every round. The "
						+ "ratio is the fast route's p99 under load over its p99 alone in the same round; the median "
						+ "of the rounds is reported.\n\n",
				result.fastConnections(), result.slowMillis(), result.slowConnections(), result.slowPauseMillis(),
				result.slowPoolSize(), result.slowQueueSize(), result.defaultPoolSize(), result.sharedPoolSize(),
				rounds, roundSeconds, roundSeconds));
		md.append("| System | req/s alone | req/s loaded | p50 ms alone | p50 ms loaded | p99 ms alone "
				+ "| p99 ms loaded | p99 loaded / alone (median) | per round | Unsuccessful on /fast alone / loaded |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
		for (NamedPoolsSystem system : result.systems()) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | **%s** | %s | %,d / %,d |\n",
					system.label(), Numbers.compact(system.unloaded(LoadResult::throughput)),
					Numbers.compact(system.loaded(LoadResult::throughput)),
					Numbers.compact(system.unloaded(LoadResult::p50Millis)),
					Numbers.compact(system.loaded(LoadResult::p50Millis)),
					Numbers.compact(system.unloaded(LoadResult::p99Millis)),
					Numbers.compact(system.loaded(LoadResult::p99Millis)), Numbers.ratio(system.medianP99Ratio()),
					rounds(system.p99Ratios()), system.fastUnsuccessfulUnloaded(), system.fastUnsuccessfulLoaded()));
		}
		NamedPoolsSystem named = result.system("named");
		NamedPoolsSystem shared = result.system("shared");
		List<Double> sharedOverNamed = new ArrayList<>();
		for (int round = 0; round < named.rounds().size(); round++) {
			sharedOverNamed
				.add(shared.rounds().get(round).loaded().p99Millis() / named.rounds().get(round).loaded().p99Millis());
		}
		md.append(String.format(Locale.ROOT,
				"\nUnder load, the fast route's p99 with one shared pool is **%s** × its p99 with the named pool "
						+ "(median of the rounds: %s).\n\n",
				Numbers.ratio(Median.of(sharedOverNamed)), rounds(sharedOverNamed)));
		md.append("The slow route's load, over the loaded measurements (capacity: the workers that may serve it, "
				+ "each one request per " + result.slowMillis() + " ms):\n\n");
		md.append(
				"| System | Workers for /slow | Served req/s | of capacity | 503 per s | Failed | Server CPU loaded |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (NamedPoolsSystem system : result.systems()) {
			double capacity = system.slowWorkers() * 1000.0 / result.slowMillis();
			md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %,d | %s |\n", system.label(),
					system.slowWorkers(), Numbers.compact(system.slow(LoadResult::throughput)),
					Numbers.ratio(system.slow(LoadResult::throughput) / capacity),
					Numbers.compact(system.slow((load) -> load.unavailable() / load.seconds())), system.slowFailed(),
					Numbers.ratio(system.loaded(LoadResult::serverCpu))));
		}
		List<String> labels = result.systems().stream().map(NamedPoolsSystem::label).toList();
		ReportWriter.chart(md, folder, CHART, new SvgBarChart("Named pools: fast route p99", "ms", labels, List.of(
				new SvgBarChart.Series("alone",
						result.systems().stream().map((system) -> system.unloaded(LoadResult::p99Millis)).toList()),
				new SvgBarChart.Series("slow route saturated",
						result.systems().stream().map((system) -> system.loaded(LoadResult::p99Millis)).toList()))));
		md.append("\n");
	}

	private static String rounds(List<Double> ratios) {
		return ratios.stream().map(Numbers::ratio).collect(Collectors.joining(", "));
	}

}
