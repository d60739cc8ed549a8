package dev.workerstarter.benchmarks.report;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.benchmarks.load.LoadResults;
import dev.workerstarter.benchmarks.micro.MicroResult;

/**
 * A whole run: where and how it ran, what it measured and which targets it met. Written
 * as JSON and as {@code benchmarks.md}.
 *
 * @param machine the machine
 * @param settings how the run was made
 * @param load the load scenarios, or {@code null} if skipped
 * @param micro the micro benchmarks, or {@code null} if skipped
 * @param targets the targets
 */
public record BenchmarkReport(Machine machine, RunSettings settings, @Nullable LoadResults load,
		@Nullable List<MicroResult> micro, List<Target> targets) {

	/**
	 * Creates a report, checking the targets against the figures.
	 * @param machine the machine
	 * @param settings how the run was made
	 * @param load the load results, or {@code null}
	 * @param micro the micro results, or {@code null}
	 * @return the report
	 */
	public static BenchmarkReport of(Machine machine, RunSettings settings, @Nullable LoadResults load,
			@Nullable List<MicroResult> micro) {
		return new BenchmarkReport(machine, settings, load, micro, Targets.evaluate(load, micro));
	}

}
