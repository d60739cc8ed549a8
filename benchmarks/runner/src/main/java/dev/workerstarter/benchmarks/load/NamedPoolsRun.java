package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fast route beside a saturated slow route, with the slow route on a named pool of its
 * own ({@code worker.pools.slow.paths=/slow/**}) and on one pool shared by both, with as
 * many workers in all. In every round each system measures the fast route alone, then
 * under the same load while a second wrk keeps the slow route's workers (and, with its
 * own pool, its queue) full; the order of the four measurements is reversed every round.
 */
final class NamedPoolsRun {

	static final String FAST_PATH = "/fast";

	static final String SLOW_PATH = "/slow";

	static final int DEFAULT_POOL_SIZE = 16;

	static final int SLOW_POOL_SIZE = 4;

	static final int SLOW_QUEUE_SIZE = 8;

	static final int FAST_CONNECTIONS = 16;

	static final int SLOW_CONNECTIONS = 64;

	static final long SLOW_MILLIS = 50;

	// Short enough that the rejected connections refill the slow queue within a
	// millisecond or two of a free place, long enough that their 503s (answered at
	// once) take a few percent of the server's CPU rather than all of it.
	static final Duration SLOW_PAUSE = Duration.ofMillis(20);

	// The slow load starts this long before the fast route's measurement (its pool and
	// queue are full within milliseconds) and ends about as long after it; then the slow
	// requests still queued drain for as long (at most 150 ms of them with a shared
	// pool).
	private static final Duration SETTLE = Duration.ofMillis(500);

	private static final Duration WARMUP_STEP = Duration.ofSeconds(5);

	private final LoadEnvironment environment;

	NamedPoolsRun(LoadEnvironment environment) {
		this.environment = environment;
	}

	static SystemSpec namedPool() {
		return SystemSpec
			.workers("named", "Named pool for /slow/**", DEFAULT_POOL_SIZE, "worker.pools.slow.size=" + SLOW_POOL_SIZE,
					"worker.pools.slow.max-queue-size=" + SLOW_QUEUE_SIZE, "worker.pools.slow.paths=/slow/**")
			.expecting(SLOW_PATH, "slow");
	}

	static SystemSpec sharedPool() {
		return SystemSpec.workers("shared", "One shared pool", DEFAULT_POOL_SIZE + SLOW_POOL_SIZE)
			.expecting(SLOW_PATH, "default");
	}

	NamedPoolsResult run() throws IOException {
		Progress.say("Scenario named-pools: a fast route beside a saturated slow route");
		List<Setup> setups = List.of(new Setup(namedPool(), SLOW_POOL_SIZE),
				new Setup(sharedPool(), DEFAULT_POOL_SIZE + SLOW_POOL_SIZE));
		List<ServerProcess> servers = ServerProcess.startAll(setups.stream().map(Setup::spec).toList(),
				this.environment, FAST_PATH);
		try {
			Duration warmupStep = (this.environment.warmup().compareTo(WARMUP_STEP) < 0) ? this.environment.warmup()
					: WARMUP_STEP;
			for (ServerProcess server : servers) {
				this.environment.warmUp(server, FAST_PATH, FAST_CONNECTIONS);
				loaded(server, warmupStep);
			}
			Map<String, List<LoadResult>> unloaded = new LinkedHashMap<>();
			Map<String, List<Loaded>> loaded = new LinkedHashMap<>();
			List<Step> order = new ArrayList<>();
			for (ServerProcess server : servers) {
				unloaded.put(server.spec().id(), new ArrayList<>());
				loaded.put(server.spec().id(), new ArrayList<>());
				order.add(new Step(server, false));
				order.add(new Step(server, true));
			}
			for (int round = 1; round <= this.environment.rounds(); round++) {
				for (Step step : order) {
					String id = step.server().spec().id();
					if (step.loaded()) {
						Loaded result = loaded(step.server(), this.environment.duration());
						loaded.get(id).add(result);
						report(round, step.server(), "loaded", result.fast());
						Progress.say("          %-24s slow: %,8.0f req/s served, %,8.0f x 503/s, %d failed", "",
								result.slow().throughput(), result.slow().unavailable() / result.slow().seconds(),
								result.slow().failed());
					}
					else {
						LoadResult result = step.server()
							.measure(() -> fast(step.server(), this.environment.duration()));
						unloaded.get(id).add(result);
						report(round, step.server(), "alone", result);
					}
				}
				Collections.reverse(order);
			}
			List<NamedPoolsSystem> systems = new ArrayList<>();
			for (int i = 0; i < servers.size(); i++) {
				String id = servers.get(i).spec().id();
				List<NamedPoolsRound> rounds = new ArrayList<>();
				for (int round = 0; round < this.environment.rounds(); round++) {
					Loaded result = loaded.get(id).get(round);
					rounds.add(new NamedPoolsRound(unloaded.get(id).get(round), result.fast(), result.slow()));
				}
				systems.add(new NamedPoolsSystem(id, servers.get(i).spec().label(), setups.get(i).slowWorkers(),
						List.copyOf(rounds)));
			}
			return new NamedPoolsResult(DEFAULT_POOL_SIZE, SLOW_POOL_SIZE, SLOW_QUEUE_SIZE,
					DEFAULT_POOL_SIZE + SLOW_POOL_SIZE, SLOW_MILLIS, FAST_CONNECTIONS, SLOW_CONNECTIONS,
					SLOW_PAUSE.toMillis(), List.copyOf(systems));
		}
		finally {
			servers.forEach(ServerProcess::close);
		}
	}

	private LoadResult fast(ServerProcess server, Duration duration) {
		return this.environment.wrk().run(server.url(FAST_PATH), FAST_CONNECTIONS, duration, false);
	}

	// The fast route measured while a paced wrk saturates the slow route, from half a
	// second before to half a second after (wrk runs whole seconds).
	private Loaded loaded(ServerProcess server, Duration duration) {
		Duration slowDuration = duration.plusSeconds(1);
		try (Wrk.Load slow = this.environment.wrk()
			.startPaced(server.url(SLOW_PATH), SLOW_CONNECTIONS, slowDuration, SLOW_PAUSE)) {
			ServerProcess.pause(SETTLE);
			LoadResult fast = server.measure(() -> fast(server, duration));
			LoadResult slowResult = slow.result();
			ServerProcess.pause(SETTLE);
			return new Loaded(fast, slowResult);
		}
	}

	private static void report(int round, ServerProcess server, String phase, LoadResult fast) {
		Progress.say("  round %d %-24s fast %-6s %,10.0f req/s  p50 %7.2f ms  p99 %7.2f ms  unsuccessful %d  cpu %.2f",
				round, server.spec().label(), phase, fast.throughput(), fast.p50Millis(), fast.p99Millis(),
				fast.unsuccessful(), fast.serverCpu());
	}

	// A system and the workers that can serve its slow route.
	private record Setup(SystemSpec spec, int slowWorkers) {
	}

	private record Step(ServerProcess server, boolean loaded) {
	}

	private record Loaded(LoadResult fast, LoadResult slow) {
	}

}
