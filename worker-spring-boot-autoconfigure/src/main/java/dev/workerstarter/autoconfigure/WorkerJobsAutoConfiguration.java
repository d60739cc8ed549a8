package dev.workerstarter.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.WorkerJobs;
import dev.workerstarter.job.internal.DefaultWorkerJobs;
import dev.workerstarter.job.internal.InMemoryJobDriver;
import dev.workerstarter.job.internal.JobDriver;
import dev.workerstarter.job.internal.JobHandlers;
import dev.workerstarter.job.internal.JobMeters;
import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.job.internal.PipelineSettings;
import dev.workerstarter.job.internal.RetryBackoff;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of durable jobs: the pipelines of {@code worker.jobs.pipelines},
 * each with its driver, pool and handler, started after the pools and stopped before they
 * drain, and the {@link WorkerJobs} bean that pushes jobs to them. Every bad value stops
 * start-up naming its key and the fix.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBean(WorkerPools.class)
@EnableConfigurationProperties(WorkerProperties.class)
@Import(WorkerJobsRedisConfiguration.class)
public final class WorkerJobsAutoConfiguration {

	static final String PREFIX = "worker.jobs.pipelines";

	// How long a take from a memory pipeline waits for a push before it is made again.
	private static final Duration MEMORY_TAKE_WAIT = Duration.ofSeconds(1);

	@Bean
	JobPipelines workerJobPipelines(WorkerProperties properties, WorkerPools pools, ObjectProvider<JsonMapper> mapper,
			ObjectProvider<JobMeters> meters, ObjectProvider<RedisJobDrivers> redisDrivers,
			ConfigurableListableBeanFactory beanFactory) {
		JsonMapper jsonMapper = mapper.getIfAvailable(() -> JsonMapper.builder().build());
		JobMeters jobMeters = meters.getIfAvailable(() -> JobMeters.NONE);
		Map<String, WorkerProperties.Jobs.Pipeline> configured = properties.jobs().pipelines();
		Map<String, @Nullable String> handlerNames = new LinkedHashMap<>();
		configured.forEach((name, pipeline) -> handlerNames.put(name, pipeline.handler()));
		Map<String, JobHandler> handlers = JobHandlers.of(PREFIX, handlerNames, beanFactory, jsonMapper);
		Clock clock = Clock.systemUTC();
		List<JobPipeline> pipelines = new ArrayList<>();
		configured.forEach((name, pipeline) -> {
			WorkerPool pool = pool(properties, pools, name, pipeline);
			PipelineSettings settings = settings(properties, name, pipeline, pool);
			JobDriver driver = driver(name, pipeline, redisDrivers.getIfAvailable(), clock);
			// JobHandlers gives every pipeline a handler, or fails.
			JobHandler handler = Objects.requireNonNull(handlers.get(name));
			pipelines.add(new JobPipeline(settings, driver, pool, handler, jsonMapper, jobMeters, clock));
		});
		return new JobPipelines(pipelines);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerJobs workerJobs(JobPipelines pipelines, ObjectProvider<JsonMapper> mapper, ObjectProvider<JobMeters> meters) {
		return new DefaultWorkerJobs(pipelines, mapper.getIfAvailable(() -> JsonMapper.builder().build()),
				meters.getIfAvailable(() -> JobMeters.NONE), Clock.systemUTC());
	}

	private static WorkerPool pool(WorkerProperties properties, WorkerPools pools, String name,
			WorkerProperties.Jobs.Pipeline pipeline) {
		String configured = pipeline.pool();
		String poolName = (configured != null) ? configured : properties.tasks().pool();
		try {
			return pools.pool(poolName);
		}
		catch (IllegalArgumentException ex) {
			String reason = (configured != null) ? String.valueOf(ex.getMessage())
					: "worker.tasks.pool, which the pipeline runs on, names no pool: " + ex.getMessage();
			throw new InvalidWorkerPropertyException(PREFIX + "." + name + ".pool", poolName, reason,
					"Name the default pool (" + WorkerContext.DEFAULT_POOL + ") or one configured under worker.pools.");
		}
	}

	private static PipelineSettings settings(WorkerProperties properties, String name,
			WorkerProperties.Jobs.Pipeline pipeline, WorkerPool pool) {
		String key = PREFIX + "." + name;
		Integer concurrency = pipeline.concurrency();
		if (concurrency != null && concurrency < 1) {
			throw new InvalidWorkerPropertyException(key + ".concurrency", concurrency,
					"the concurrency must be at least 1",
					"Set it to 1 or more, or leave it out for the size of the pool (" + pool.size() + ").");
		}
		if (pipeline.maxAttempts() < 1) {
			throw new InvalidWorkerPropertyException(key + ".max-attempts", pipeline.maxAttempts(),
					"a job is handled at least once", "Set it to 1 for no retry, or more.");
		}
		WorkerProperties.Jobs.Backoff backoff = pipeline.backoff();
		if (!(backoff.multiplier() >= 1)) {
			throw new InvalidWorkerPropertyException(key + ".backoff.multiplier", backoff.multiplier(),
					"the delay must not shrink from one retry to the next",
					"Set it to 1 for a constant delay, or more, such as 2.0.");
		}
		if (!(backoff.jitter() >= 0 && backoff.jitter() <= 1)) {
			throw new InvalidWorkerPropertyException(key + ".backoff.jitter", backoff.jitter(),
					"the jitter is a fraction of the delay, in [0, 1]",
					"Set it to 0 for none, or up to 1, such as 0.2.");
		}
		if (pipeline.driver() == WorkerProperties.Jobs.Driver.MEMORY && pipeline.capacity() < 1) {
			throw new InvalidWorkerPropertyException(key + ".capacity", pipeline.capacity(),
					"a memory pipeline must hold at least one job", "Set it to 1 or more, such as 100000.");
		}
		RetryBackoff retryBackoff = new RetryBackoff(
				InvalidWorkerPropertyException.requireNotNegative(key + ".backoff.initial", backoff.initial()),
				InvalidWorkerPropertyException.requireNotNegative(key + ".backoff.max", backoff.max()),
				backoff.multiplier(), backoff.jitter());
		Duration visibilityTimeout = InvalidWorkerPropertyException.requirePositive(key + ".visibility-timeout",
				pipeline.visibilityTimeout());
		boolean redis = pipeline.driver() == WorkerProperties.Jobs.Driver.REDIS;
		Duration takeWait = redis ? InvalidWorkerPropertyException.requirePositive("worker.jobs.redis.poll-timeout",
				properties.jobs().redis().pollTimeout()) : MEMORY_TAKE_WAIT;
		return new PipelineSettings(name, pipeline.driver().name().toLowerCase(Locale.ROOT),
				(concurrency != null) ? concurrency : pool.size(), pipeline.maxAttempts(), retryBackoff,
				visibilityTimeout, takeWait, destroyTimeout(properties, pool.name()), pipeline.paused());
	}

	private static Duration destroyTimeout(WorkerProperties properties, String pool) {
		WorkerProperties.NamedPool named = properties.pools().get(pool);
		return (named != null) ? named.destroyTimeout() : properties.pool().destroyTimeout();
	}

	private static JobDriver driver(String name, WorkerProperties.Jobs.Pipeline pipeline,
			@Nullable RedisJobDrivers redisDrivers, Clock clock) {
		return switch (pipeline.driver()) {
			case MEMORY -> new InMemoryJobDriver(name, pipeline.capacity(), clock);
			case REDIS -> {
				if (redisDrivers == null) {
					throw new InvalidWorkerPropertyException(PREFIX + "." + name + ".driver", "redis",
							"Spring Data Redis is not on the classpath", WorkerJobsRedisConfiguration.FIX);
				}
				yield redisDrivers.driver(name, pipeline);
			}
		};
	}

}
