package dev.workerstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.actuate.WorkersHealthIndicator;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the {@code workers} health contributor: one indicator when there
 * is only the default pool, otherwise one per pool under it, by pool name (as Boot does
 * for several data sources). Off with {@code management.health.workers.enabled=false}.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnEnabledHealthIndicator("workers")
public final class WorkersHealthContributorAutoConfiguration {

	// The bean name makes the contributor's name: "workers".
	@Bean
	@ConditionalOnMissingBean(name = "workersHealthIndicator")
	HealthContributor workersHealthIndicator(WorkerPools pools) {
		if (pools.pools().size() == 1) {
			return new WorkersHealthIndicator(pools.defaultPool());
		}
		Map<String, WorkerPool> byName = new LinkedHashMap<>();
		pools.pools().forEach((pool) -> byName.put(pool.name(), pool));
		return CompositeHealthContributor.fromMap(byName, WorkersHealthIndicator::new);
	}

}
