package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A load scenario comparing a subject with baselines on the same path and load.
 *
 * @param id short identifier
 * @param title heading in the report
 * @param description what it shows
 * @param path the path every system serves
 * @param connections concurrent connections of the load
 * @param subject the system whose ratios are reported
 * @param baselines the systems it is compared with
 * @param idealThroughput the throughput the subject should reach at best, or {@code null}
 */
public record Comparison(String id, String title, String description, String path, int connections, SystemSpec subject,
		List<SystemSpec> baselines, @Nullable Double idealThroughput) {

	/**
	 * Returns the subject followed by the baselines.
	 * @return every system of the scenario
	 */
	public List<SystemSpec> systems() {
		return Stream.concat(Stream.of(this.subject), this.baselines.stream()).toList();
	}

}
