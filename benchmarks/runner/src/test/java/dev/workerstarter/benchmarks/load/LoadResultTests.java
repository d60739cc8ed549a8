package dev.workerstarter.benchmarks.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures a load result derives from what the load client and the server told.
 */
class LoadResultTests {

	@Test
	void bytesPerRequestAreTheServersAllocationOverEveryRequestOfTheRound() {
		LoadResult result = load(1_000, 990).withServerAllocation(21_000_000);
		assertThat(result.allocatedBytesPerRequest()).isEqualTo(21_000);
	}

	@Test
	void theServersCpuAndAllocationAreKeptSideBySide() {
		LoadResult result = load(1_000, 1_000).withServerAllocation(2_000_000).withServerCpu(4);
		assertThat(result.serverAllocatedBytes()).isEqualTo(2_000_000);
		assertThat(result.serverCpu()).isEqualTo(0.5);
		assertThat(result.withServerAllocation(4_000_000).serverCpuSeconds()).isEqualTo(4);
	}

	@Test
	void anAllocationNotMeasuredHasNoBytesPerRequest() {
		assertThat(load(1_000, 1_000).allocatedBytesPerRequest()).isNaN();
	}

	@Test
	void aSystemReportsTheMedianOfItsRoundsBytesPerRequest() {
		SystemResult system = new SystemResult("workers", "Workers",
				List.of(load(1_000, 1_000).withServerAllocation(30_000_000),
						load(2_000, 2_000).withServerAllocation(40_000_000),
						load(1_000, 1_000).withServerAllocation(10_000_000)));
		assertThat(system.allocatedBytesPerRequest()).isEqualTo(20_000);
	}

	private static LoadResult load(long requests, long ok) {
		return new LoadResult(requests, ok, 0, 0, 0, 8, 1, 2, 3, 4, Double.NaN, Double.NaN);
	}

}
