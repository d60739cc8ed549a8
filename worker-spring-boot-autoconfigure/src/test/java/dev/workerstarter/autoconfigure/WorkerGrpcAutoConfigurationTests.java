package dev.workerstarter.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.integration.grpc.internal.RejectionStatusHandler;
import dev.workerstarter.integration.grpc.internal.ServiceExceptionRecorder;
import dev.workerstarter.integration.grpc.internal.WorkerCallInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerGrpcAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerGrpcAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void runsCallsOnTheDefaultPoolByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WorkerCallInterceptor.class)
				.hasSingleBean(ServiceExceptionRecorder.class)
				.hasSingleBean(RejectionStatusHandler.class)
				.hasSingleBean(ServerBuilderCustomizer.class);
			assertThat(context.getBean(WorkerCallInterceptor.class).pool().name()).isEqualTo("default");
		});
	}

	@Test
	void runsCallsOnTheNamedPoolOfWorkerGrpcPool() {
		this.runner.withPropertyValues("worker.pools.calls.size=1", "worker.grpc.pool=calls")
			.run((context) -> assertThat(context.getBean(WorkerCallInterceptor.class).pool().name())
				.isEqualTo("calls"));
	}

	@Test
	void stopsStartUpOnAnUnknownPoolNamingTheKeyAndThePools() {
		this.runner.withPropertyValues("worker.pools.calls.size=1", "worker.grpc.pool=reports").run((context) -> {
			WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.grpc.pool");
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidWorkerPropertyException.class)
				.hasMessageContaining("reports")
				.hasMessageContaining("calls");
		});
	}

	@Test
	void backsOffWithoutSpringBootsGrpcServerModule() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.grpc.server"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WorkerCallInterceptor.class)
				.doesNotHaveBean(ServiceExceptionRecorder.class));
	}

	@Test
	void backsOffWithoutGrpcOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.grpc", "org.springframework.grpc"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerCallInterceptor.class));
	}

	@Test
	void backsOffWithoutTheWorkerPool() {
		this.runner.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerCallInterceptor.class));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			worker.default-integrations=false                                   | false
			worker.integrations.grpc.enabled=false                              | false
			worker.default-integrations=false,worker.integrations.grpc.enabled=true | true
			""")
	void followsItsSwitchOverTheDefaultIntegrations(String properties, boolean active) {
		this.runner.withPropertyValues(properties.split(","))
			.run((context) -> assertThat(context.getBeansOfType(WorkerCallInterceptor.class)).hasSize(active ? 1 : 0));
	}

}
