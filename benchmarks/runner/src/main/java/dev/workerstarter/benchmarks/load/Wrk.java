package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives load with wrk (Debian's package), one thread pinned to the generator's CPU, and
 * reads its summary through a Lua script that prints JSON.
 */
public final class Wrk {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Counting statuses runs Lua for every response: only for the runs that need the
	// counts.
	private static final String COUNT_STATUSES = """
			ok, unavailable, retry_after = 0, 0, 0
			function response(status, headers, body)
			  if status < 400 then
			    ok = ok + 1
			  elseif status == 503 then
			    unavailable = unavailable + 1
			    if headers["Retry-After"] ~= nil then retry_after = retry_after + 1 end
			  end
			end
			function setup(thread) table.insert(threads, thread) end
			""";

	private static final String SUMMARY = """
			threads = {}
			%s
			local function total(name)
			  local sum = 0
			  for _, thread in ipairs(threads) do
			    sum = sum + (thread:get(name) or 0)
			  end
			  return sum
			end
			function done(summary, latency, requests)
			  local errors = summary.errors
			  io.write(string.format(
			    '\\nRESULT {"requests":%%d,"durationMicros":%%d,"statusErrors":%%d,"socketErrors":%%d,' ..
			    '"counted":%%s,"ok":%%d,"unavailable":%%d,"retryAfter":%%d,' ..
			    '"p50":%%d,"p90":%%d,"p99":%%d,"max":%%d}\\n',
			    summary.requests, summary.duration, errors.status,
			    errors.connect + errors.read + errors.write + errors.timeout,
			    tostring(%s), total("ok"), total("unavailable"), total("retry_after"),
			    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
			end
			""";

	private final List<String> pin;

	private final Path summaryScript;

	private final Path countingScript;

	private final Path workDir;

	/**
	 * Prepares the generator.
	 * @param pin the command prefix that pins it to its CPU (empty for none)
	 * @param workDir where to write its scripts
	 * @throws IOException if the scripts cannot be written
	 */
	public Wrk(List<String> pin, Path workDir) throws IOException {
		this.pin = List.copyOf(pin);
		this.workDir = Files.createDirectories(workDir);
		this.summaryScript = Files.writeString(workDir.resolve("summary.lua"), SUMMARY.formatted("", "false"));
		this.countingScript = Files.writeString(workDir.resolve("counting.lua"),
				SUMMARY.formatted(COUNT_STATUSES, "true"));
	}

	/**
	 * Returns the version line wrk prints.
	 * @return the version
	 */
	public String version() {
		try {
			return Command.run(List.of("wrk", "--version")).output().lines().findFirst().orElse("wrk").trim();
		}
		catch (UncheckedIOException ex) {
			throw new IllegalStateException("wrk is not installed: run benchmarks/run, which installs it", ex);
		}
	}

	/**
	 * Runs one load.
	 * @param url the URL to load
	 * @param connections concurrent connections, each with one request in flight
	 * @param duration how long to run
	 * @param countStatuses whether to count 503s and {@code Retry-After} headers
	 * @return what was measured
	 */
	public LoadResult run(String url, int connections, Duration duration, boolean countStatuses) {
		try (Load load = start(url, connections, duration, countStatuses)) {
			return load.result();
		}
	}

	/**
	 * Starts one load in the background, for example beside another one on a second URL
	 * (wrk loads one URL per process).
	 * @param url the URL to load
	 * @param connections concurrent connections, each with one request in flight
	 * @param duration how long to run
	 * @param countStatuses whether to count 503s and {@code Retry-After} headers
	 * @return the running load
	 */
	public Load start(String url, int connections, Duration duration, boolean countStatuses) {
		return start(url, connections, duration, countStatuses ? this.countingScript : this.summaryScript);
	}

	/**
	 * Starts a paced load in the background: each connection waits {@code pause} after
	 * every response before it sends its next request, as a client that backs off a
	 * little, and statuses are counted. Without a pause, connections that are answered
	 * {@code 503} at once would send tens of thousands of requests a second and take the
	 * server's CPU from everything else.
	 * @param url the URL to load
	 * @param connections concurrent connections, each with at most one request in flight
	 * @param duration how long to run
	 * @param pause the wait after each response
	 * @return the running load
	 */
	public Load startPaced(String url, int connections, Duration duration, Duration pause) {
		long millis = pause.toMillis();
		Path script = this.workDir.resolve("paced-" + millis + "ms.lua");
		try {
			Files.writeString(script,
					SUMMARY.formatted(COUNT_STATUSES + "function delay() return " + millis + " end\n", "true"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + script, ex);
		}
		return start(url, connections, duration, script);
	}

	private Load start(String url, int connections, Duration duration, Path script) {
		List<String> command = new ArrayList<>(this.pin);
		command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "10s",
				"-s", script.toString(), url));
		return new Load(Command.start(command));
	}

	private static LoadResult parse(JsonNode node) {
		long requests = node.get("requests").asLong();
		long ok = node.get("counted").asBoolean() ? node.get("ok").asLong()
				: requests - node.get("statusErrors").asLong();
		return new LoadResult(requests, ok, node.get("unavailable").asLong(), node.get("retryAfter").asLong(),
				node.get("socketErrors").asLong(), node.get("durationMicros").asLong() / 1e6, millis(node, "p50"),
				millis(node, "p90"), millis(node, "p99"), millis(node, "max"), Double.NaN, Double.NaN);
	}

	private static double millis(JsonNode node, String field) {
		return node.get(field).asLong() / 1000.0;
	}

	/**
	 * A load running in the background.
	 */
	public static final class Load implements AutoCloseable {

		private final Command.Running wrk;

		private Load(Command.Running wrk) {
			this.wrk = wrk;
		}

		/**
		 * Waits for the load's end.
		 * @return what was measured
		 */
		public LoadResult result() {
			Command wrk = this.wrk.finish();
			if (wrk.exitCode() != 0) {
				throw new IllegalStateException(
						"wrk failed: " + String.join(" ", this.wrk.command()) + "\n" + wrk.output());
			}
			String line = wrk.output()
				.lines()
				.filter((candidate) -> candidate.startsWith("RESULT "))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + wrk.output()));
			return parse(json.readTree(line.substring("RESULT ".length())));
		}

		/**
		 * Stops the load if it still runs.
		 */
		@Override
		public void close() {
			this.wrk.close();
		}

	}

}
