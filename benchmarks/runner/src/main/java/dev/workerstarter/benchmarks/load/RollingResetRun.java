package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Rolling resets back to back while the pool serves the expensive-kernel handler: every
 * reset reboots each kernel (50 ms each) one worker at a time, and no request may fail;
 * as many rounds as the other scenarios have.
 */
final class RollingResetRun {

	private static final String PATH = "/flags";

	private static final int POOL_SIZE = 8;

	private static final Duration SETTLE = Duration.ofSeconds(1);

	private final LoadEnvironment environment;

	RollingResetRun(LoadEnvironment environment) {
		this.environment = environment;
	}

	RollingResetResult run() throws IOException {
		Progress.say("Scenario rolling-reset: resets back to back under load");
		SystemSpec system = SystemSpec.workers("workers", "WebFlux with workers", POOL_SIZE, "bench.slow-kernel=true");
		int connections = 2 * POOL_SIZE;
		try (ServerProcess server = ServerProcess.start(system, this.environment, PATH)) {
			this.environment.warmUp(server, PATH, connections);
			List<RollingResetRound> rounds = new ArrayList<>();
			for (int round = 1; round <= this.environment.rounds(); round++) {
				RollingResetRound result = round(server, connections);
				Progress.say("  round %d %d resets (median %.0f ms), %,d requests, %d failed, p99 %.2f ms", round,
						result.resetMillis().size(), Median.of(result.resetMillis()), result.load().requests(),
						result.load().failed(), result.load().p99Millis());
				rounds.add(result);
			}
			return new RollingResetResult(POOL_SIZE, connections, List.copyOf(rounds));
		}
	}

	// Resets back to back for a round's length, inside a load that starts a second before
	// them and runs a second past the round's length.
	private RollingResetRound round(ServerProcess server, int connections) throws IOException {
		Wrk wrk = this.environment.wrk();
		Duration duration = this.environment.duration().plus(SETTLE).plus(SETTLE);
		CompletableFuture<LoadResult> load = CompletableFuture
			.supplyAsync(() -> wrk.run(server.url(PATH), connections, duration, true));
		ServerProcess.pause(SETTLE);
		List<Long> resets = new ArrayList<>();
		long end = System.nanoTime() + this.environment.duration().toNanos();
		while (System.nanoTime() < end) {
			HttpResponse<String> response = server.post("/bench/reset");
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"Rolling reset answered " + response.statusCode() + ": " + response.body());
			}
			resets.add(Long.parseLong(response.body().trim()));
		}
		return new RollingResetRound(List.copyOf(resets), load.join());
	}

}
