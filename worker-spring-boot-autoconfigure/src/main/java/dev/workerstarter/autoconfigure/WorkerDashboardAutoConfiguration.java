package dev.workerstarter.autoconfigure;

import reactor.core.scheduler.Schedulers;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.dashboard.WorkerDashboardEndpoint;
import dev.workerstarter.dashboard.internal.DashboardCounters;
import dev.workerstarter.dashboard.internal.DashboardSampler;
import dev.workerstarter.dashboard.internal.SampleWindow;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the live workers dashboard, the {@link WorkerDashboardEndpoint
 * workerdashboard} actuator endpoint: when {@code worker.dashboard.enabled} is
 * {@code true}, the pools are configured and the endpoint is available (accessible and
 * exposed over HTTP). Only then does each pool get the dashboard's listener and the
 * sampler run.
 */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, WorkerProcessAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBooleanProperty("worker.dashboard.enabled")
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnAvailableEndpoint(WorkerDashboardEndpoint.class)
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerDashboardAutoConfiguration {

	private static final String PREFIX = "worker.dashboard";

	// Read by the pools as they are made: a PoolListener.Factory, like the meters'.
	@Bean
	DashboardCounters workerDashboardCounters() {
		return new DashboardCounters();
	}

	@Bean
	DashboardSampler workerDashboardSampler(WorkerPools pools, DashboardCounters counters,
			WorkerProperties properties) {
		WorkerProperties.Dashboard dashboard = properties.dashboard();
		return new DashboardSampler(pools, counters,
				SampleWindow.of(PREFIX, dashboard.sampleInterval(), dashboard.history()), Schedulers.parallel());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerDashboardEndpoint workerDashboardEndpoint(DashboardSampler sampler) {
		return new WorkerDashboardEndpoint(sampler);
	}

}
