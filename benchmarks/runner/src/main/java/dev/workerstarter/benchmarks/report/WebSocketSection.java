package dev.workerstarter.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import dev.workerstarter.benchmarks.load.Median;
import dev.workerstarter.benchmarks.load.Ratio;
import dev.workerstarter.benchmarks.load.WebSocketResult;
import dev.workerstarter.benchmarks.load.WebSocketRound;
import dev.workerstarter.benchmarks.load.WebSocketSystem;

/**
 * The report's section on the WebSocket scenario: echo round trips, fan-out and memory
 * per idle connection of the worker listeners against a plain WebFlux handler.
 */
final class WebSocketSection {

	static final String ECHO_CHART = "websocket-echo.svg";

	static final String MEMORY_CHART = "websocket-memory.svg";

	private WebSocketSection() {
	}

	static void write(StringBuilder md, WebSocketResult result, int rounds, long roundSeconds, Path folder)
			throws IOException {
		WebSocketSystem subject = result.subject();
		WebSocketSystem baseline = result.baseline();
		md.append("## WebSocket: echo, fan-out and memory per idle connection\n\n");
		md.append(String.format(Locale.ROOT, "**%s**: the starter's WebSocket server at `%s` "
				+ "(`worker.websocket.path`), each message run as a job on a worker of a pool of %d, by "
				+ "`@WsListener` methods: `ECHO` returns the input data (the reply goes back under the same event), "
				+ "`FANOUT` calls `WsServer.broadcast`. **%s**: the same application with `worker.enabled=false` "
				+ "and a WebFlux `WebSocketHandler` at `%s` that does the same on the event loop: it reads each "
				+ "message with Jackson, replies `{\"event\":\"ECHO\",\"data\":...}` to the sender, or sends "
				+ "`{\"event\":\"FANOUT\",\"data\":...}` to every open connection of its registry. The load client "
				+ "is Reactor Netty's WebSocket client on one event loop, in the runner's JVM, pinned to the "
				+ "client's CPU for the scenario; it opens %,d connections (64 handshakes at a time) to each system "
				+ "in turn. In each of %d rounds every system, in an order reversed every round, is measured "
				+ "three ways on fresh connections:\n\n", subject.label(), subject.path(), result.poolSize(),
				baseline.label(), baseline.path(), result.connections(), rounds));
		md.append(String.format(Locale.ROOT,
				"- **Echo**: each connection sends `ECHO` and waits for the reply before it sends the next (a closed "
						+ "loop, so %,d messages in flight), for %d s; round trips per second and their latency. A "
						+ "reply other than the echo is a failure. Client CPU is the runner's CPU time over the echo's "
						+ "length: near 1.000, the client, not the server, sets the pace. Round trips per server CPU second "
						+ "(round trips per second over the server's CPU share) are the cost of a round trip; unlike "
						+ "the rate, they hold when other processes take some of the server's CPU.\n",
				result.connections(), roundSeconds));
		md.append(String.format(Locale.ROOT,
				"- **Fan-out**: one connection sends `FANOUT`; the time until all %,d connections have received it "
						+ "is one fan-out; the next one goes at once, for %d s. Deliveries per second are fan-outs "
						+ "× connections over the time.\n",
				result.connections(), roundSeconds));
		md.append(String.format(Locale.ROOT,
				"- **Memory per idle connection**: the server's `/bench/memory` runs `System.gc()` three times "
						+ "and reports the lowest heap used (the lowest of five such readings is kept), and the direct "
						+ "memory in use (the JDK's direct buffer "
						+ "pool and what Netty allocates directly, `PlatformDependent.usedDirectMemory()`). It is read "
						+ "with no connection open, then with the %,d connections open, each having sent and "
						+ "received one echo; the difference over %,d is the memory of one idle connection "
						+ "(1 KB = 1,024 bytes). Kernel socket buffers are not counted.\n\n",
				result.connections(), result.connections()));
		md.append("| System | Echo rt/s | p50 ms | p99 ms | Failed | Server CPU | Client CPU | Fan-out deliveries/s "
				+ "| Fan-out p50 ms | Fan-out p99 ms | Server CPU | KB heap / idle conn. | KB direct / idle conn. "
				+ "| KB / idle conn. |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (WebSocketSystem system : result.systems()) {
			md.append(String.format(Locale.ROOT,
					"| %s | %s | %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | **%s** |\n", system.label(),
					Numbers.compact(system.median((round) -> round.echo().throughput())),
					Numbers.compact(system.median((round) -> round.echo().p50Millis())),
					Numbers.compact(system.median((round) -> round.echo().p99Millis())), system.echoFailed(),
					Numbers.ratio(system.median((round) -> round.echo().serverCpu())),
					Numbers.ratio(system.median(WebSocketRound::echoClientCpu)),
					Numbers.compact(system.median(WebSocketRound::deliveriesPerSecond)),
					Numbers.compact(system.median((round) -> round.fanout().p50Millis())),
					Numbers.compact(system.median((round) -> round.fanout().p99Millis())),
					Numbers.ratio(system.median((round) -> round.fanout().serverCpu())),
					Numbers.compact(system.median(WebSocketRound::heapBytesPerConnection) / 1024),
					Numbers.compact(system.median(WebSocketRound::directBytesPerConnection) / 1024),
					Numbers.compact(system.median(WebSocketRound::bytesPerConnection) / 1024)));
		}
		Ratio echo = result.echo();
		Ratio fanout = result.fanout();
		md.append("\n| ")
			.append(subject.label())
			.append(" vs ")
			.append(baseline.label())
			.append(" | Ratio (median) | per round |\n|---|---:|---|\n");
		row(md, "Echo round trips per second", echo.throughput());
		row(md, "Echo round trips per server CPU second", result.echoPerCpu());
		row(md, "Echo p99 (lower is better)", echo.p99());
		row(md, "Fan-out deliveries per second", fanout.throughput());
		row(md, "Fan-out p99 (lower is better)", fanout.p99());
		row(md, "Memory per idle connection (lower is better)", result.memory());
		List<String> labels = result.systems().stream().map(WebSocketSystem::label).toList();
		ReportWriter.chart(md, folder, ECHO_CHART,
				new SvgBarChart("WebSocket: echo latency", "ms", labels,
						List.of(series(result, "p50", (round) -> round.echo().p50Millis()),
								series(result, "p99", (round) -> round.echo().p99Millis()))));
		ReportWriter.chart(md, folder, MEMORY_CHART,
				new SvgBarChart("WebSocket: memory per idle connection", "KB", labels,
						List.of(series(result, "heap", (round) -> round.heapBytesPerConnection() / 1024),
								series(result, "direct", (round) -> round.directBytesPerConnection() / 1024))));
		md.append("\n");
	}

	private static void row(StringBuilder md, String what, List<Double> ratios) {
		md.append("| ")
			.append(what)
			.append(" | **")
			.append(Numbers.ratio(Median.of(ratios)))
			.append("** | ")
			.append(ratios.stream().map(Numbers::ratio).collect(Collectors.joining(", ")))
			.append(" |\n");
	}

	private static SvgBarChart.Series series(WebSocketResult result, String name,
			ToDoubleFunction<WebSocketRound> value) {
		return new SvgBarChart.Series(name, result.systems().stream().map((system) -> system.median(value)).toList());
	}

}
