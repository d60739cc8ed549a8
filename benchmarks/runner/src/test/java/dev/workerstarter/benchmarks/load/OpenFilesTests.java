package dev.workerstarter.benchmarks.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading the open-file limit from {@code /proc/self/limits}.
 */
class OpenFilesTests {

	private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units     ";

	@Test
	void readsTheSoftLimit() {
		assertThat(OpenFiles
			.softLimit(List.of(HEADER, "Max processes             95043                95043                processes ",
					"Max open files            1024                 524288               files     ")))
			.isEqualTo(1024);
	}

	@Test
	void unlimitedOrUnlistedIsNoLimit() {
		assertThat(OpenFiles.softLimit(
				List.of(HEADER, "Max open files            unlimited            unlimited            files     ")))
			.isEqualTo(Long.MAX_VALUE);
		assertThat(OpenFiles.softLimit(List.of(HEADER))).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void aLimitBelowWhatIsNeededStopsTheScenario() {
		assertThatIllegalStateException().isThrownBy(() -> OpenFiles.require(Long.MAX_VALUE - 1))
			.withMessageContaining("ulimit -n");
	}

}
