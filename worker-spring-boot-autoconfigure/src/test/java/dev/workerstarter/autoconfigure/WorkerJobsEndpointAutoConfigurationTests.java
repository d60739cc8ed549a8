package dev.workerstarter.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.workerstarter.actuate.WorkerJobsEndpoint;
import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.internal.PipelineState;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerJobsEndpointAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerJobsAutoConfiguration.class,
				WorkerJobsEndpointAutoConfiguration.class))
		.withBean("mailHandler", JobHandler.class, () -> (message) -> {
		})
		.withPropertyValues("worker.pool.size=1", "worker.jobs.pipelines.mail.handler=mailHandler");

	@Test
	void configuresTheEndpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workerjobs").run((context) -> {
			assertThat(context).hasSingleBean(WorkerJobsEndpoint.class);
			WorkerJobsEndpoint.PipelineDescriptor mail = context.getBean(WorkerJobsEndpoint.class)
				.pipelines()
				.block(Duration.ofSeconds(10))
				.pipelines()
				.get("mail");
			assertThat(mail.state()).isEqualTo(PipelineState.RUNNING);
			assertThat(mail.lastDeadLetters()).isNull();
		});
	}

	@Test
	void backsOffWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerJobsEndpoint.class));
	}

	@Test
	void backsOffWithoutThePools() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workerjobs", "worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerJobsEndpoint.class));
	}

}
