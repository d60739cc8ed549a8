package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The WebSocket scenario: the worker listeners at {@code worker.websocket.path} against a
 * plain WebFlux {@code WebSocketHandler} doing the same on the event loop, each in its
 * own server, loaded by {@link WebSocketLoad} in this JVM (pinned to the client CPU for
 * the scenario). In every round each system, in an order reversed every round: its memory
 * with no connection, then with {@value #CONNECTIONS} idle ones; the echo closed loop on
 * them; fan-outs to all of them.
 */
final class WebSocketRun {

	static final int CONNECTIONS = 1_000;

	static final String WORKERS_PATH = "/ws";

	static final String PLAIN_PATH = "/plain-ws";

	static final int POOL_SIZE = 32;

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration FANOUT_WARMUP = Duration.ofSeconds(5);

	// Sockets of both sides, the servers' jars and logs.
	private static final int FILES_NEEDED = 2 * CONNECTIONS + 1_024;

	private final LoadEnvironment environment;

	WebSocketRun(LoadEnvironment environment) {
		this.environment = environment;
	}

	static SystemSpec workers() {
		return SystemSpec.workers("workers", "Worker listeners", POOL_SIZE, "worker.websocket.path=" + WORKERS_PATH);
	}

	static SystemSpec plain() {
		return SystemSpec.plainWebFlux();
	}

	WebSocketResult run() throws IOException {
		Progress.say("Scenario websocket: echo and fan-out with %,d connections, memory per idle connection",
				CONNECTIONS);
		OpenFiles.require(FILES_NEEDED);
		List<SystemSpec> specs = List.of(workers(), plain());
		List<ServerProcess> servers = ServerProcess.startAll(specs, this.environment, "/hello");
		try (LoadEnvironment.ClientPin pin = this.environment.pinClient()) {
			for (ServerProcess server : servers) {
				warmUp(server);
			}
			// As in every comparison: a round as the measured ones, readings included.
			for (ServerProcess server : servers) {
				round(server, "settling");
			}
			Map<String, List<WebSocketRound>> rounds = new LinkedHashMap<>();
			servers.forEach((server) -> rounds.put(server.spec().id(), new ArrayList<>()));
			List<ServerProcess> order = new ArrayList<>(servers);
			for (int round = 1; round <= this.environment.rounds(); round++) {
				for (ServerProcess server : order) {
					rounds.get(server.spec().id()).add(round(server, "round " + round));
				}
				Collections.reverse(order);
			}
			List<WebSocketSystem> systems = servers.stream()
				.map((server) -> new WebSocketSystem(server.spec().id(), server.spec().label(), path(server),
						List.copyOf(rounds.get(server.spec().id()))))
				.toList();
			return new WebSocketResult(CONNECTIONS, POOL_SIZE, systems);
		}
		finally {
			servers.forEach(ServerProcess::close);
		}
	}

	private void warmUp(ServerProcess server) {
		try (WebSocketLoad load = open(server)) {
			this.environment.warmUp(server, (step) -> load.echo(step).throughput());
			load.fanout((this.environment.warmup().compareTo(FANOUT_WARMUP) < 0) ? this.environment.warmup()
					: FANOUT_WARMUP);
		}
	}

	// Measures a round and says how it went, with the time the server's compilers took
	// meanwhile.
	private WebSocketRound round(ServerProcess server, String round) throws IOException {
		OptionalDouble jitBefore = server.jitSeconds();
		WebSocketRound result = round(server);
		double jit = JitTime.between(jitBefore, server.jitSeconds());
		Progress.say("  %-8s %-16s echo %,7.0f rt/s  p50 %6.2f ms  p99 %6.2f ms  failed %d  cpu %.2f client %.2f | "
				+ "fan-out %,7.0f msg/s  p99 %6.1f ms  cpu %.2f | idle %5.1f KB heap + %4.1f KB direct | jit %.2f s",
				round, server.spec().label(), result.echo().throughput(), result.echo().p50Millis(),
				result.echo().p99Millis(), result.echo().failed(), result.echo().serverCpu(), result.echoClientCpu(),
				result.deliveriesPerSecond(), result.fanout().p99Millis(), result.fanout().serverCpu(),
				result.heapBytesPerConnection() / 1024, result.directBytesPerConnection() / 1024, jit);
		return result;
	}

	private WebSocketRound round(ServerProcess server) throws IOException {
		ServerMemory empty = ServerMemory.await(server, 0, SETTLE_TIMEOUT);
		try (WebSocketLoad load = open(server)) {
			load.echoOnce();
			ServerMemory idle = ServerMemory.await(server, CONNECTIONS, SETTLE_TIMEOUT);
			double clientBefore = clientCpuSeconds();
			LoadResult echo = server.measure(() -> load.echo(this.environment.duration()));
			double clientCpu = (clientCpuSeconds() - clientBefore) / echo.seconds();
			LoadResult fanout = server.measure(() -> load.fanout(this.environment.duration()));
			return new WebSocketRound(CONNECTIONS, empty, idle, echo, clientCpu, fanout);
		}
	}

	// This JVM's CPU time: the load client's, as it is the only one busy meanwhile.
	private static double clientCpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(Double.NaN);
	}

	private static WebSocketLoad open(ServerProcess server) {
		return WebSocketLoad.open(server.url(path(server)).replaceFirst("^http", "ws"), CONNECTIONS, OPEN_TIMEOUT);
	}

	private static String path(ServerProcess server) {
		return server.spec().equals(workers()) ? WORKERS_PATH : PLAIN_PATH;
	}

}
