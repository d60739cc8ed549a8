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

	/**
	 * Prepares the generator.
	 * @param pin the command prefix that pins it to its CPU (empty for none)
	 * @param workDir where to write its scripts
	 * @throws IOException if the scripts cannot be written
	 */
	public Wrk(List<String> pin, Path workDir) throws IOException {
		this.pin = List.copyOf(pin);
		Files.createDirectories(workDir);
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
		List<String> command = new ArrayList<>(this.pin);
		command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "10s",
				"-s", (countStatuses ? this.countingScript : this.summaryScript).toString(), url));
		Command wrk = Command.run(command);
		if (wrk.exitCode() != 0) {
			throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + wrk.output());
		}
		String line = wrk.output()
			.lines()
			.filter((candidate) -> candidate.startsWith("RESULT "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + wrk.output()));
		return parse(json.readTree(line.substring("RESULT ".length())));
	}

	private static LoadResult parse(JsonNode node) {
		long requests = node.get("requests").asLong();
		long ok = node.get("counted").asBoolean() ? node.get("ok").asLong()
				: requests - node.get("statusErrors").asLong();
		return new LoadResult(requests, ok, node.get("unavailable").asLong(), node.get("retryAfter").asLong(),
				node.get("socketErrors").asLong(), node.get("durationMicros").asLong() / 1e6, millis(node, "p50"),
				millis(node, "p90"), millis(node, "p99"), millis(node, "max"));
	}

	private static double millis(JsonNode node, String field) {
		return node.get(field).asLong() / 1000.0;
	}

}
