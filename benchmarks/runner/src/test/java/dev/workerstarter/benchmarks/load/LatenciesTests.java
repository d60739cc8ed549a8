package dev.workerstarter.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The percentiles of the latencies a load client of the runner records.
 */
class LatenciesTests {

	@Test
	void percentilesAreNearestRankOverEveryRecordedLatency() {
		Latencies latencies = new Latencies();
		// 1 to 2,000 ms, recorded out of order and past the first array's size
		for (int i = 2_000; i >= 1; i--) {
			latencies.add(i * 1_000_000L);
		}
		LoadResult result = latencies.result(0, 10);
		assertThat(latencies.size()).isEqualTo(2_000);
		assertThat(result.p50Millis()).isEqualTo(1_000);
		assertThat(result.p90Millis()).isEqualTo(1_800);
		assertThat(result.p99Millis()).isEqualTo(1_980);
		assertThat(result.maxMillis()).isEqualTo(2_000);
		assertThat(result.throughput()).isEqualTo(200);
	}

	@Test
	void theSmallestValueAtOrAboveThePercentIsTaken() {
		assertThat(Latencies.millis(new long[] { 1_000_000, 2_000_000, 3_000_000 }, 50)).isEqualTo(2);
		assertThat(Latencies.millis(new long[] { 1_000_000, 2_000_000 }, 50)).isEqualTo(1);
		assertThat(Latencies.millis(new long[] { 1_000_000, 2_000_000 }, 51)).isEqualTo(2);
		assertThat(Latencies.millis(new long[] { 5_000_000 }, 0)).isEqualTo(5);
	}

	@Test
	void failuresCountAsRequestsWithoutLatency() {
		Latencies latencies = new Latencies();
		latencies.add(2_000_000);
		LoadResult result = latencies.result(3, 1);
		assertThat(result.requests()).isEqualTo(4);
		assertThat(result.ok()).isEqualTo(1);
		assertThat(result.failed()).isEqualTo(3);
		assertThat(result.p99Millis()).isEqualTo(2);
	}

	@Test
	void nothingRecordedHasNoPercentiles() {
		LoadResult result = new Latencies().result(0, 1);
		assertThat(result.p50Millis()).isNaN();
		assertThat(result.maxMillis()).isNaN();
		assertThat(result.throughput()).isZero();
	}

}
