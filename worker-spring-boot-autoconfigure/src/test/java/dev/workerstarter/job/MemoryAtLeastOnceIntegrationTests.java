package dev.workerstarter.job;

import java.util.Map;

/**
 * At-least-once delivery through the memory driver.
 */
class MemoryAtLeastOnceIntegrationTests extends AtLeastOnceContract {

	@Override
	Map<String, Object> driverProperties() {
		return Map.of("worker.jobs.pipelines." + PIPELINE + ".driver", "memory");
	}

}
