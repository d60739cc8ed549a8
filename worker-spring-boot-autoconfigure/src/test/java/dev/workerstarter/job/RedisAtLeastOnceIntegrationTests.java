package dev.workerstarter.job;

import java.util.ArrayList;
import java.util.List;

import dev.workerstarter.support.TestRedis;

/**
 * At-least-once delivery through the Redis driver, on the suite's Redis server.
 */
class RedisAtLeastOnceIntegrationTests extends AtLeastOnceContract {

	@Override
	String[] driverProperties() {
		String prefix = TestRedis.keyPrefix();
		List<String> properties = new ArrayList<>(List.of(TestRedis.properties(prefix)));
		properties.add("worker.jobs.pipelines." + PIPELINE + ".driver=redis");
		properties.add("worker.jobs.redis.key-prefix=" + prefix);
		return properties.toArray(String[]::new);
	}

}
