package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every load scenario, one system process at a time under load.
 */
public final class LoadSuite {

	private LoadSuite() {
	}

	/**
	 * Runs the suite.
	 * @param environment where and how long to run
	 * @return the results
	 * @throws IOException if a process cannot be started
	 * @throws IllegalStateException if a system needs a JDK there is not
	 */
	public static LoadResults run(LoadEnvironment environment) throws IOException {
		// Fail now rather than after minutes of load if a system has no JDK to run on.
		Scenarios.all().stream().flatMap((scenario) -> scenario.systems().stream()).forEach(environment::java);
		List<ComparisonResult> comparisons = new ArrayList<>();
		for (Comparison scenario : Scenarios.all()) {
			comparisons.add(new ComparisonRun(scenario, environment).run());
		}
		return new LoadResults(comparisons, new NamedPoolsRun(environment).run(), new OverloadRun(environment).run(),
				new RollingResetRun(environment).run());
	}

}
