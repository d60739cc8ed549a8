package dev.workerstarter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.actuate.WorkersEndpoint;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersEndpointAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkersEndpointAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void configuresTheEndpointWhenExposedOverHttp() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workers")
			.run(WorkersEndpointAutoConfigurationTests::assertDescribesThePool);
	}

	@Test
	void configuresTheEndpointWhenExposedOverJmx() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=workers")
			.run(WorkersEndpointAutoConfigurationTests::assertDescribesThePool);
	}

	private static void assertDescribesThePool(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasSingleBean(WorkersEndpoint.class).hasSingleBean(WorkerPool.class);
		WorkersEndpoint.PoolDescriptor pool = context.getBean(WorkersEndpoint.class).workers().pools().get("default");
		assertThat(pool.size()).isEqualTo(context.getBean(WorkerPool.class).size()).isEqualTo(1);
		assertThat(pool.workers()).extracting(WorkersEndpoint.WorkerDescriptor::id).containsExactly(1);
	}

	@Test
	void backsOffWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
			.doesNotHaveBean(WorkersEndpoint.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workers",
				// an application's environment also takes "none": the runner's converts
				// enums by exact name
				"management.endpoint.workers.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkersEndpoint.class));
	}

	@Test
	void backsOffWithoutThePool() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workers", "worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerPool.class)
				.doesNotHaveBean(WorkersEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workers")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(WorkerPool.class)
				.doesNotHaveBean(WorkersEndpoint.class));
	}

	@Test
	void backsOffFromAUserDefinedEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workers")
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(WorkersEndpoint.class)
				.hasBean("customWorkersEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		WorkersEndpoint customWorkersEndpoint(WorkerPools pools) {
			return new WorkersEndpoint(pools, null);
		}

	}

}
