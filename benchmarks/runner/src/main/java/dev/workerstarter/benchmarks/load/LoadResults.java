package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * Everything the load suite measured.
 *
 * @param comparisons the comparisons, in run order
 * @param namedPools the named-pools scenario
 * @param overload the overload scenario
 * @param rollingReset the rolling-reset scenario
 */
public record LoadResults(List<ComparisonResult> comparisons, NamedPoolsResult namedPools, OverloadResult overload,
		RollingResetResult rollingReset) {

	/**
	 * Returns a comparison's result.
	 * @param id the comparison's id
	 * @return its result
	 */
	public ComparisonResult comparison(String id) {
		return this.comparisons.stream()
			.filter((result) -> result.scenario().id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No comparison " + id));
	}

}
