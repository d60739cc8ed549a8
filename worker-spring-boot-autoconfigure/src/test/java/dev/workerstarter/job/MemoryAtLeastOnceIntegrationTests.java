package dev.workerstarter.job;

/**
 * At-least-once delivery through the memory driver.
 */
class MemoryAtLeastOnceIntegrationTests extends AtLeastOnceContract {

	@Override
	String[] driverProperties() {
		return new String[] { "worker.jobs.pipelines." + PIPELINE + ".driver=memory" };
	}

}
