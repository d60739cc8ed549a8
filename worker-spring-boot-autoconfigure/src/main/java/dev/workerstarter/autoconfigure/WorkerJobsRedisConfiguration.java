package dev.workerstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.job.internal.RedisJobDriver;

/**
 * The drivers of Redis pipelines ({@code worker.jobs.pipelines.<name>.driver=redis}):
 * Redis Streams with a consumer group, through the application's
 * {@link ReactiveRedisConnectionFactory} ({@code spring.data.redis.*}). Without Spring
 * Data Redis, or without a connection factory, a Redis pipeline stops start-up with a
 * message that names its key and the fix.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
final class WorkerJobsRedisConfiguration {

	static final String FIX = "Add spring-boot-starter-data-redis-reactive to the application and point it at "
			+ "the Redis server with spring.data.redis.* (url, or host and port); or set the driver to memory "
			+ "when the application runs as a single instance.";

	@Bean
	RedisJobDrivers workerRedisJobDrivers(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
			WorkerProperties properties) {
		return (name, pipeline) -> {
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfAvailable(() -> {
				throw new InvalidWorkerPropertyException(WorkerJobsAutoConfiguration.PREFIX + "." + name + ".driver",
						"redis", "the application has no ReactiveRedisConnectionFactory bean", FIX);
			});
			WorkerProperties.Jobs.JobsRedis redis = properties.jobs().redis();
			return new RedisJobDriver(factory, redis.keyPrefix(), redis.consumerGroup(), name,
					pipeline.visibilityTimeout(), redis.pollTimeout());
		};
	}

}
