package dev.workerstarter.benchmarks.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of the named-pools scenario, computed from its rounds.
 */
class NamedPoolsSystemTests {

	@Test
	void theRatioIsLoadedOverAloneInTheSameRoundAndItsMedianIsReported() {
		NamedPoolsSystem system = new NamedPoolsSystem("named", "Named", 4,
				List.of(round(10, 11, 0), round(20, 20, 0), round(10, 30, 0)));
		assertThat(system.p99Ratios()).containsExactly(1.1, 1.0, 3.0);
		assertThat(system.medianP99Ratio()).isEqualTo(1.1);
		assertThat(system.unloaded(LoadResult::p99Millis)).isEqualTo(10);
		assertThat(system.loaded(LoadResult::p99Millis)).isEqualTo(20);
	}

	@Test
	void unsuccessfulFastRequestsAreCountedOverEveryRound() {
		NamedPoolsSystem system = new NamedPoolsSystem("shared", "Shared", 20,
				List.of(round(10, 11, 3), round(20, 20, 4)));
		assertThat(system.fastUnsuccessfulLoaded()).isEqualTo(7);
		assertThat(system.fastUnsuccessfulUnloaded()).isZero();
	}

	@Test
	void rejectionsOnTheSlowRouteAreNotFailures() {
		NamedPoolsSystem system = new NamedPoolsSystem("named", "Named", 4, List.of(round(10, 11, 0)));
		assertThat(system.slow((load) -> load.unavailable() / load.seconds())).isEqualTo(100);
		assertThat(system.slowFailed()).isZero();
	}

	private static NamedPoolsRound round(double aloneP99, double loadedP99, long loadedErrors) {
		LoadResult alone = fast(aloneP99, 0);
		LoadResult loaded = fast(loadedP99, loadedErrors);
		LoadResult slow = new LoadResult(1_080, 80, 1_000, 1_000, 0, 10, 100, 150, 200, 250, Double.NaN, Double.NaN);
		return new NamedPoolsRound(alone, loaded, slow);
	}

	private static LoadResult fast(double p99, long errors) {
		return new LoadResult(10_000, 10_000 - errors, 0, 0, 0, 1, 0.5, 1, p99, p99 * 2, 0.9, Double.NaN);
	}

}
