package dev.workerstarter.autoconfigure;

import dev.workerstarter.job.internal.JobDriver;

/**
 * Makes the drivers of Redis pipelines ({@code driver: redis}). A type free of Redis
 * classes, so that the auto-configuration loads without Spring Data Redis; a bean only
 * when Spring Data Redis is on the classpath ({@link WorkerJobsRedisConfiguration}).
 */
@FunctionalInterface
interface RedisJobDrivers {

	/**
	 * Makes the driver of a pipeline.
	 * @param name the pipeline's name
	 * @param pipeline its settings
	 * @return the driver
	 * @throws dev.workerstarter.config.InvalidWorkerPropertyException if the application
	 * has no Redis connection factory
	 */
	JobDriver driver(String name, WorkerProperties.Jobs.Pipeline pipeline);

}
