package dev.workerstarter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.metrics.WorkerMetrics;
import dev.workerstarter.metrics.internal.WorkerPoolGauges;
import dev.workerstarter.metrics.internal.WorkerPoolMeters;
import dev.workerstarter.pool.internal.WorkerPool;

/**
 * Auto-configuration of the worker metrics, registered with the application's
 * {@link MeterRegistry}: {@link WorkerMetrics} for the metrics declared under
 * {@code worker.metrics.collect}, and the pool's own meters wherever there is a pool. Off
 * with {@code worker.enabled=false}.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		WorkerAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerMetrics workerMetrics(MeterRegistry registry, WorkerProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		return new WorkerMetrics(registry, new WorkerPropertiesResolver(beanFactory).metrics(properties.metrics()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WorkerPool.class)
	static final class PoolMetersConfiguration {

		@Bean
		WorkerPoolMeters workerPoolMeters(MeterRegistry registry) {
			return new WorkerPoolMeters(registry);
		}

		@Bean
		WorkerPoolGauges workerPoolGauges(WorkerPool pool) {
			return new WorkerPoolGauges(pool);
		}

	}

}
