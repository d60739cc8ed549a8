package dev.workerstarter.process.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.workerstarter.config.InvalidWorkerPropertyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BackoffTests {

	private static final String PREFIX = "worker.processes";

	@Test
	void growsByTheMultiplierUpToTheMaximum() {
		Backoff backoff = Backoff.of(PREFIX, Duration.ofMillis(50), Duration.ofMillis(300), 2.0, Duration.ofMinutes(1));
		assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(50));
		assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(300));
		assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aMultiplierOfOneKeepsTheDelayConstant() {
		Backoff backoff = Backoff.of(PREFIX, Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0, Duration.ZERO);
		assertThat(backoff.delay(0)).isEqualTo(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void badValuesNameTheirKey() {
		assertInvalid(() -> Backoff.of(PREFIX, Duration.ZERO, Duration.ofMinutes(1), 2.0, Duration.ZERO),
				"worker.processes.initial-backoff");
		assertInvalid(() -> Backoff.of(PREFIX, Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, Duration.ZERO),
				"worker.processes.max-backoff");
		assertInvalid(() -> Backoff.of(PREFIX, Duration.ofSeconds(1), Duration.ofMinutes(1), 0.9, Duration.ZERO),
				"worker.processes.backoff-multiplier");
		assertInvalid(() -> Backoff.of(PREFIX, Duration.ofSeconds(1), Duration.ofMinutes(1), Double.NaN, Duration.ZERO),
				"worker.processes.backoff-multiplier");
		assertInvalid(
				() -> Backoff.of(PREFIX, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, Duration.ofSeconds(-1)),
				"worker.processes.stable-after");
	}

	private static void assertInvalid(Runnable creation, String key) {
		assertThatExceptionOfType(InvalidWorkerPropertyException.class).isThrownBy(creation::run)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(key));
	}

}
