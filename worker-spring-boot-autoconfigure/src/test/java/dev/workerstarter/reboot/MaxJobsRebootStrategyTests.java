package dev.workerstarter.reboot;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MaxJobsRebootStrategyTests {

	@ParameterizedTest
	@ValueSource(longs = { 1, 7, 42, 2024 })
	void thresholdsOverManySeededBootsFallInRangeAndAreSpread(long seed) {
		MaxJobsRebootStrategy strategy = new MaxJobsRebootStrategy(1000, 0.2, new Random(seed));
		Set<Long> thresholds = new HashSet<>();
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		for (int boot = 0; boot < 5000; boot++) {
			long threshold = strategy.drawThreshold();
			thresholds.add(threshold);
			min = Math.min(min, threshold);
			max = Math.max(max, threshold);
		}
		assertThat(min).isGreaterThanOrEqualTo(800);
		assertThat(max).isLessThanOrEqualTo(1000);
		// 201 possible values over 5000 draws: nearly all are hit, both ends included
		assertThat(thresholds).hasSizeGreaterThan(190).contains(800L, 1000L);
	}

	@Test
	void eachKernelBootDrawsItsOwnThreshold() {
		MaxJobsRebootStrategy strategy = new MaxJobsRebootStrategy(10, 0.5, new Random(3));
		Set<Long> observed = new HashSet<>();
		for (int boot = 0; boot < 200; boot++) {
			strategy.kernelBooted(1);
			long threshold = firstRebootingJob(strategy, 1);
			assertThat(threshold).isBetween(5L, 10L);
			observed.add(threshold);
		}
		assertThat(observed).hasSize(6);
	}

	@Test
	void withoutDispersionEveryKernelHandlesExactlyMaxJobs() {
		MaxJobsRebootStrategy strategy = new MaxJobsRebootStrategy(3, 0, new Random());
		strategy.kernelBooted(1);
		strategy.kernelBooted(2);
		assertThat(firstRebootingJob(strategy, 1)).isEqualTo(3);
		assertThat(firstRebootingJob(strategy, 2)).isEqualTo(3);
		assertThat(strategy.reason()).isEqualTo(RebootReason.MAX_JOBS);
	}

	@Test
	void fullDispersionNeverGoesBelowOneJob() {
		MaxJobsRebootStrategy strategy = new MaxJobsRebootStrategy(4, 1, new Random(11));
		for (int boot = 0; boot < 500; boot++) {
			assertThat(strategy.drawThreshold()).isBetween(1L, 4L);
		}
	}

	@Test
	void rejectsValuesOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MaxJobsRebootStrategy(0, 0.2, new Random()));
		assertThatIllegalArgumentException().isThrownBy(() -> new MaxJobsRebootStrategy(10, 1.5, new Random()));
		assertThatIllegalArgumentException().isThrownBy(() -> new MaxJobsRebootStrategy(10, Double.NaN, new Random()));
	}

	private static long firstRebootingJob(MaxJobsRebootStrategy strategy, int workerId) {
		for (long number = 1; number < 10_000; number++) {
			if (strategy.shouldReboot(new Finished(workerId, number, null))) {
				return number;
			}
		}
		throw new AssertionError("never rebooted");
	}

	record Finished(int workerId, long jobNumber, @Nullable Throwable exception) implements FinishedJob {
	}

}
