package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a pool with three times the requests it can hold (workers plus queue) on the
 * blocking 10 ms handler, counts the {@code 503}s and their {@code Retry-After} headers,
 * then measures how soon after the load stops a request is served again; as many rounds
 * as the other scenarios have.
 */
final class OverloadRun {

	static final String PATH = "/sleep";

	private static final int POOL_SIZE = 8;

	private static final int MAX_QUEUE_SIZE = 16;

	private static final int OVERLOAD_FACTOR = 3;

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);

	private final LoadEnvironment environment;

	OverloadRun(LoadEnvironment environment) {
		this.environment = environment;
	}

	OverloadResult run() throws IOException {
		Progress.say("Scenario overload: %dx the pool's capacity", OVERLOAD_FACTOR);
		SystemSpec system = SystemSpec.workers("workers", "WebFlux with workers", POOL_SIZE,
				"worker.pool.max-queue-size=" + MAX_QUEUE_SIZE);
		int connections = OVERLOAD_FACTOR * (POOL_SIZE + MAX_QUEUE_SIZE);
		try (ServerProcess server = ServerProcess.start(system, this.environment, PATH)) {
			this.environment.warmUp(server, PATH, POOL_SIZE);
			List<OverloadRound> rounds = new ArrayList<>();
			for (int round = 1; round <= this.environment.rounds(); round++) {
				LoadResult load = this.environment.wrk()
					.run(server.url(PATH), connections, this.environment.duration(), true);
				double recoveryMillis = recover(server);
				Progress.say(
						"  round %d %,d ok (%,.0f req/s), %,d x 503 (%,d with Retry-After), %d failed, recovered in %.1f ms",
						round, load.ok(), load.throughput(), load.unavailable(), load.retryAfter(), load.failed(),
						recoveryMillis);
				rounds.add(new OverloadRound(load, recoveryMillis));
			}
			return new OverloadResult(POOL_SIZE, MAX_QUEUE_SIZE, connections, POOL_SIZE / 0.010, List.copyOf(rounds));
		}
	}

	// From the load's end to the first request served, probing as fast as one client can.
	private static double recover(ServerProcess server) throws IOException {
		long start = System.nanoTime();
		long deadline = start + RECOVERY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (server.get(PATH).statusCode() == 200) {
				return (System.nanoTime() - start) / 1e6;
			}
		}
		throw new IllegalStateException(
				"The pool did not serve a request within " + RECOVERY_TIMEOUT + " of the overload");
	}

}
