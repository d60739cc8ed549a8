package dev.workerstarter.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.actuate.WorkerJobsEndpoint;
import dev.workerstarter.job.internal.JobPipelines;

/**
 * Auto-configuration of the {@link WorkerJobsEndpoint workerjobs} actuator endpoint, when
 * durable jobs are configured and the endpoint is available (accessible and exposed).
 */
@AutoConfiguration(after = WorkerJobsAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(JobPipelines.class)
@ConditionalOnAvailableEndpoint(WorkerJobsEndpoint.class)
public final class WorkerJobsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerJobsEndpoint workerJobsEndpoint(JobPipelines pipelines) {
		return new WorkerJobsEndpoint(pipelines);
	}

}
