package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Everything the load suite measured; a scenario left out of the run ({@code --only}) has
 * no result.
 *
 * @param comparisons the comparisons, in run order
 * @param namedPools the named-pools scenario, or {@code null}
 * @param overload the overload scenario, or {@code null}
 * @param rollingReset the rolling-reset scenario, or {@code null}
 * @param websocket the WebSocket scenario, or {@code null}
 */
public record LoadResults(List<ComparisonResult> comparisons, @Nullable NamedPoolsResult namedPools,
		@Nullable OverloadResult overload, @Nullable RollingResetResult rollingReset,
		@Nullable WebSocketResult websocket) {

	/**
	 * Returns a comparison's result.
	 * @param id the comparison's id
	 * @return its result, empty if it did not run
	 */
	public Optional<ComparisonResult> comparison(String id) {
		return this.comparisons.stream().filter((result) -> result.scenario().id().equals(id)).findFirst();
	}

}
