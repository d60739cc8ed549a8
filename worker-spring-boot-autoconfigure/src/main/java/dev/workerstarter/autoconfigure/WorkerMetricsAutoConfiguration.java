package dev.workerstarter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.metrics.WorkerPoolGauges;
import dev.workerstarter.metrics.WorkerPoolMeters;
import dev.workerstarter.pool.WorkerPool;

/**
 * Auto-configuration of the pool's meters, when Micrometer has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		WorkerAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, WorkerPool.class })
public final class WorkerMetricsAutoConfiguration {

	@Bean
	WorkerPoolMeters workerPoolMeters(MeterRegistry registry) {
		return new WorkerPoolMeters(registry);
	}

	@Bean
	WorkerPoolGauges workerPoolGauges(WorkerPool pool) {
		return new WorkerPoolGauges(pool);
	}

}
