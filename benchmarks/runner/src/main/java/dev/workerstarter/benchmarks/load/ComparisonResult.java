package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * What a comparison measured.
 *
 * @param scenario the scenario
 * @param systems the subject's and the baselines' rounds, subject first
 * @param ratios the subject against each baseline, then against the ideal if there is one
 */
public record ComparisonResult(Comparison scenario, List<SystemResult> systems, List<Ratio> ratios) {

	/**
	 * Returns the ratio against a baseline.
	 * @param baseline the baseline's id
	 * @return the ratio
	 */
	public Ratio ratio(String baseline) {
		return this.ratios.stream()
			.filter((ratio) -> ratio.baseline().equals(baseline))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No baseline " + baseline + " in " + this.scenario.id()));
	}

}
