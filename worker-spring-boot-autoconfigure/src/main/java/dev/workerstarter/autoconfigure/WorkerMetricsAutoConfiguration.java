package dev.workerstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

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

import dev.workerstarter.job.internal.JobMeters;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.metrics.WorkerMetrics;
import dev.workerstarter.metrics.internal.MetricDeclarations;
import dev.workerstarter.metrics.internal.PipelineGauges;
import dev.workerstarter.metrics.internal.PipelineMeters;
import dev.workerstarter.metrics.internal.ProcessGauges;
import dev.workerstarter.metrics.internal.TaskTimerMeters;
import dev.workerstarter.metrics.internal.WebSocketGauges;
import dev.workerstarter.metrics.internal.WebSocketMeters;
import dev.workerstarter.metrics.internal.WorkerPoolGauges;
import dev.workerstarter.metrics.internal.WorkerPoolMeters;
import dev.workerstarter.metrics.internal.WorkerProcessMeters;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.process.internal.ProcessMeters;
import dev.workerstarter.process.internal.ProcessSupervisor;
import dev.workerstarter.task.internal.DefaultWorkerTasks;
import dev.workerstarter.websocket.internal.WsMeters;
import dev.workerstarter.websocket.internal.WsRuntime;

/**
 * Auto-configuration of the worker metrics, registered with the application's
 * {@link MeterRegistry}: {@link WorkerMetrics} for the metrics declared under
 * {@code worker.metrics.collect}, and the pool's own meters wherever there is a pool. Off
 * with {@code worker.enabled=false}.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		WorkerAutoConfiguration.class, WorkerWebSocketAutoConfiguration.class, WorkerProcessAutoConfiguration.class,
		WorkerTasksAutoConfiguration.class, WorkerJobsAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerMetrics workerMetrics(MeterRegistry registry, WorkerProperties properties) {
		List<WorkerMetrics.Definition> definitions = new ArrayList<>();
		properties.metrics()
			.collect()
			.forEach((name, metric) -> definitions.add(MetricDeclarations.definition("worker.metrics.collect", name,
					metric.type(), metric.help(), metric.labels(), metric.buckets(), metric.objectives())));
		return new WorkerMetrics(registry, definitions);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WorkerPools.class)
	static final class PoolMetersConfiguration {

		@Bean
		PoolListener.Factory workerPoolMeters(MeterRegistry registry) {
			return WorkerPoolMeters.factory(registry);
		}

		@Bean
		WorkerPoolGauges workerPoolGauges(WorkerPools pools) {
			return new WorkerPoolGauges(pools);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(WsRuntime.class)
	static final class WebSocketMetersConfiguration {

		@Bean
		WsMeters workerWsMeters(MeterRegistry registry) {
			return new WebSocketMeters(registry);
		}

		@Bean
		WebSocketGauges workerWsGauges(WsRuntime runtime) {
			return new WebSocketGauges(runtime);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ProcessSupervisor.class)
	static final class ProcessMetersConfiguration {

		@Bean
		ProcessMeters workerProcessMeters(MeterRegistry registry) {
			return new WorkerProcessMeters(registry);
		}

		@Bean
		ProcessGauges workerProcessGauges(ProcessSupervisor supervisor) {
			return new ProcessGauges(supervisor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DefaultWorkerTasks.class)
	static final class TaskMetersConfiguration {

		@Bean
		TaskTimerMeters workerTaskTimerMeters(MeterRegistry registry) {
			return new TaskTimerMeters(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(JobPipelines.class)
	static final class JobMetersConfiguration {

		@Bean
		JobMeters workerJobMeters(MeterRegistry registry) {
			return new PipelineMeters(registry);
		}

		@Bean
		PipelineGauges workerJobGauges(JobPipelines pipelines) {
			return new PipelineGauges(pipelines);
		}

	}

}
