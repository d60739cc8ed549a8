package dev.workerstarter.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a warm-up stops: once the JIT compilers have settled, three steps in a row are
 * within 3 % of each other, or its time is spent.
 */
class LoadEnvironmentTests {

	@Test
	void threeStepsWithinThreePercentAreSteady() {
		assertThat(LoadEnvironment.steady(List.of(1_000.0, 20_000.0, 20_300.0, 19_900.0))).isTrue();
		assertThat(LoadEnvironment.steady(List.of(20_000.0, 20_600.0, 20_000.0))).isTrue();
	}

	@Test
	void twoStepsOrASpreadAboveThreePercentAreNot() {
		assertThat(LoadEnvironment.steady(List.of(20_000.0, 20_000.0))).isFalse();
		assertThat(LoadEnvironment.steady(List.of(20_000.0, 20_700.0, 20_000.0))).isFalse();
		assertThat(LoadEnvironment.steady(List.of(20_000.0, 20_000.0, 21_000.0))).isFalse();
	}

	@Test
	void compilersTakingAtMostFivePercentOfTwoStepsInARowHaveSettled() {
		Duration step = Duration.ofSeconds(5);
		assertThat(LoadEnvironment.jitSettled(List.of(4.9, 0.25, 0.1), step)).isTrue();
		assertThat(LoadEnvironment.jitSettled(List.of(4.9, 0.1), step)).isFalse();
		assertThat(LoadEnvironment.jitSettled(List.of(0.1, 0.3), step)).isFalse();
		assertThat(LoadEnvironment.jitSettled(List.of(0.1), step)).isFalse();
		assertThat(LoadEnvironment.jitSettled(List.of(Double.NaN, Double.NaN), step)).isFalse();
	}

	@Test
	void aPlateauOfTwoStepsDoesNotEndTheWarmUp() {
		// As seen on one CPU shared with the JIT: a pause on the way up, then the climb
		// goes on.
		List<Duration> steps = warmUp(Duration.ofSeconds(60), unknownJit(), 1_000, 6_500, 6_520, 15_000, 22_000, 22_100,
				21_900);
		assertThat(steps).hasSize(7).containsOnly(Duration.ofSeconds(5));
	}

	@Test
	void aWarmUpEndsOnceTheCompilersHaveSettledThoughItsThroughputVaries() {
		Iterator<Double> jit = List.of(0.0, 4.5, 9.0, 12.0, 12.2, 12.3, 20.0).iterator();
		List<Duration> steps = warmUp(Duration.ofSeconds(120), () -> OptionalDouble.of(jit.next()), 1_000, 5_000,
				20_000, 15_000, 21_000, 30_000);
		assertThat(steps).hasSize(5);
	}

	@Test
	void aWarmUpThatNeverSettlesStopsWhenItsTimeIsSpent() {
		List<Duration> steps = warmUp(Duration.ofSeconds(20), unknownJit(), 1_000, 2_000, 4_000, 8_000, 16_000, 32_000);
		assertThat(steps).hasSize(4);
	}

	@Test
	void aWarmUpShorterThanAStepIsOneStep() {
		List<Duration> steps = warmUp(Duration.ofSeconds(2), unknownJit(), 1_000, 2_000);
		assertThat(steps).containsExactly(Duration.ofSeconds(2));
	}

	private static Supplier<OptionalDouble> unknownJit() {
		return OptionalDouble::empty;
	}

	private static List<Duration> warmUp(Duration warmup, Supplier<OptionalDouble> jitSeconds, double... throughputs) {
		LoadEnvironment environment = new LoadEnvironment(Path.of("."), Path.of("."), null, null, List.of(), null,
				warmup, Duration.ofSeconds(8), 6, null);
		Iterator<Double> rates = Arrays.stream(throughputs).boxed().iterator();
		List<Duration> steps = new ArrayList<>();
		environment.warmUp((step) -> {
			steps.add(step);
			return rates.next();
		}, jitSeconds);
		return steps;
	}

}
