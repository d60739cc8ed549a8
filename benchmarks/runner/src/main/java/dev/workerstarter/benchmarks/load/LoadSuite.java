package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the load scenarios, one system process at a time under load.
 */
public final class LoadSuite {

	static final String NAMED_POOLS = "named-pools";

	static final String OVERLOAD = "overload";

	static final String ROLLING_RESET = "rolling-reset";

	static final String WEBSOCKET = "websocket";

	private LoadSuite() {
	}

	/**
	 * Returns the ids of every scenario, in run order.
	 * @return the ids
	 */
	public static List<String> scenarioIds() {
		return Stream
			.concat(Scenarios.all().stream().map(Comparison::id),
					Stream.of(NAMED_POOLS, OVERLOAD, ROLLING_RESET, WEBSOCKET))
			.toList();
	}

	/**
	 * Runs the suite.
	 * @param environment where and how long to run
	 * @param only the ids of the scenarios to run; every scenario when empty
	 * @return the results
	 * @throws IOException if a process cannot be started
	 * @throws IllegalArgumentException if a scenario is unknown
	 * @throws IllegalStateException if a system needs a JDK there is not
	 */
	public static LoadResults run(LoadEnvironment environment, Set<String> only) throws IOException {
		List<String> ids = scenarioIds();
		for (String id : only) {
			if (!ids.contains(id)) {
				throw new IllegalArgumentException("Unknown scenario " + id + "; the scenarios are " + ids);
			}
		}
		List<Comparison> comparisons = Scenarios.all()
			.stream()
			.filter((scenario) -> only.isEmpty() || only.contains(scenario.id()))
			.toList();
		// Fail now rather than after minutes of load if a system has no JDK to run on.
		comparisons.stream().flatMap((scenario) -> scenario.systems().stream()).forEach(environment::java);
		List<ComparisonResult> results = new ArrayList<>();
		for (Comparison scenario : comparisons) {
			results.add(new ComparisonRun(scenario, environment).run());
		}
		return new LoadResults(results, runs(only, NAMED_POOLS) ? new NamedPoolsRun(environment).run() : null,
				runs(only, OVERLOAD) ? new OverloadRun(environment).run() : null,
				runs(only, ROLLING_RESET) ? new RollingResetRun(environment).run() : null,
				runs(only, WEBSOCKET) ? new WebSocketRun(environment).run() : null);
	}

	private static boolean runs(Set<String> only, String id) {
		return only.isEmpty() || only.contains(id);
	}

}
