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
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.actuate.ProcessesHealthIndicator;
import dev.workerstarter.actuate.WebSocketHealthIndicator;
import dev.workerstarter.actuate.WorkersHealthIndicator;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.process.internal.ProcessSupervisor;
import dev.workerstarter.websocket.internal.WsRuntime;

/**
 * Auto-configuration of the {@code workers} health contributor: one indicator when there
 * is only the default pool, otherwise one per pool under it, by pool name (as Boot does
 * for several data sources); and the {@code websocket} contributor when the WebSocket
 * server is on; and the {@code processes} contributor when there are supervised
 * processes. Off with {@code management.health.workers.enabled=false},
 * {@code management.health.websocket.enabled=false} and
 * {@code management.health.processes.enabled=false}.
 */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, WorkerWebSocketAutoConfiguration.class,
		WorkerProcessAutoConfiguration.class })
@ConditionalOnClass(Health.class)
@ConditionalOnBean(WorkerPools.class)
public final class WorkersHealthContributorAutoConfiguration {

	// The bean name makes the contributor's name: "workers".
	@Bean
	@ConditionalOnEnabledHealthIndicator("workers")
	@ConditionalOnMissingBean(name = "workersHealthIndicator")
	HealthContributor workersHealthIndicator(WorkerPools pools) {
		if (pools.pools().size() == 1) {
			return new WorkersHealthIndicator(pools.defaultPool());
		}
		Map<String, WorkerPool> byName = new LinkedHashMap<>();
		pools.pools().forEach((pool) -> byName.put(pool.name(), pool));
		return CompositeHealthContributor.fromMap(byName, WorkersHealthIndicator::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WsRuntime.class)
	@ConditionalOnEnabledHealthIndicator("websocket")
	static final class WebSocketHealthConfiguration {

		// The bean name makes the contributor's name: "websocket".
		@Bean
		@ConditionalOnMissingBean(name = "websocketHealthIndicator")
		HealthContributor websocketHealthIndicator(WsRuntime runtime) {
			return new WebSocketHealthIndicator(runtime);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ProcessSupervisor.class)
	@ConditionalOnEnabledHealthIndicator("processes")
	static final class ProcessesHealthConfiguration {

		// The bean name makes the contributor's name: "processes".
		@Bean
		@ConditionalOnMissingBean(name = "processesHealthIndicator")
		HealthContributor processesHealthIndicator(ProcessSupervisor supervisor) {
			return new ProcessesHealthIndicator(supervisor);
		}

	}

}
