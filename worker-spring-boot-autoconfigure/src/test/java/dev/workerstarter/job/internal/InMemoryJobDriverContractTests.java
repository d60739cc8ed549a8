package dev.workerstarter.job.internal;

import java.time.Clock;

/**
 * The memory driver holds to what every driver does.
 */
class InMemoryJobDriverContractTests extends JobDriverContractTests {

	@Override
	protected JobDriver createDriver() {
		return new InMemoryJobDriver("mail", 100_000, Clock.systemUTC());
	}

}
