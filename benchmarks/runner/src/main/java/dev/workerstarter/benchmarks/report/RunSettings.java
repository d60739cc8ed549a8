package dev.workerstarter.benchmarks.report;

import java.util.List;

/**
 * How a run was made.
 *
 * @param command the command that ran it
 * @param mode {@code full} or {@code quick}
 * @param startedAt when it started, ISO-8601
 * @param minutes how long it took
 * @param rounds measured rounds per system
 * @param roundSeconds length of a round
 * @param warmupSeconds the longest warm-up load per system
 * @param serverJvmOptions options of every server JVM
 */
public record RunSettings(String command, String mode, String startedAt, double minutes, int rounds, long roundSeconds,
		long warmupSeconds, List<String> serverJvmOptions) {
}
