package dev.workerstarter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.actuate.WorkersHealthIndicator;
import dev.workerstarter.pool.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersHealthContributorAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WorkerAutoConfiguration.class, WorkersHealthContributorAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=2");

	@Test
	void configuresTheIndicatorNamedWorkers() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WorkersHealthIndicator.class).hasBean("workersHealthIndicator");
			Health health = context.getBean(WorkersHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("size", 2).containsEntry("idle", 2);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.workers.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
				.doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void backsOffWhenDefaultIndicatorsAreDisabled() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void backsOffWithoutThePool() {
		this.runner.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerPool.class)
				.doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void backsOffOutsideReactiveWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class,
					WorkersHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
				.doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void backsOffFromAUserDefinedIndicator() {
		this.runner.withUserConfiguration(CustomIndicatorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(WorkersHealthIndicator.class)
				.getBean("workersHealthIndicator")
				.isSameAs(context.getBean(CustomIndicatorConfiguration.class).indicator));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomIndicatorConfiguration {

		WorkersHealthIndicator indicator;

		@Bean
		WorkersHealthIndicator workersHealthIndicator(WorkerPool pool) {
			this.indicator = new WorkersHealthIndicator(pool);
			return this.indicator;
		}

	}

}
