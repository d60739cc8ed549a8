package dev.workerstarter.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.actuate.WorkersHealthIndicator;
import dev.workerstarter.pool.internal.WorkerPool;

/**
 * Auto-configuration of the {@link WorkersHealthIndicator workers} health contributor,
 * when the worker pool is configured. Off with
 * {@code management.health.workers.enabled=false}.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnBean(WorkerPool.class)
@ConditionalOnEnabledHealthIndicator("workers")
public final class WorkersHealthContributorAutoConfiguration {

	// The bean name makes the contributor's name: "workers".
	@Bean
	@ConditionalOnMissingBean(name = "workersHealthIndicator")
	WorkersHealthIndicator workersHealthIndicator(WorkerPool pool) {
		return new WorkersHealthIndicator(pool);
	}

}
