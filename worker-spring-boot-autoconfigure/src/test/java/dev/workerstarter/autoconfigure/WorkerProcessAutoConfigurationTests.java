package dev.workerstarter.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.actuate.WorkersEndpoint;
import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.process.internal.ProcessInfo;
import dev.workerstarter.process.internal.ProcessSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerProcessAutoConfigurationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerProcessAutoConfiguration.class,
				WorkersEndpointAutoConfiguration.class, WorkersHealthContributorAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1", "management.endpoints.web.exposure.include=workers");

	@Test
	void withoutProcessesAddsNoPoolAndNoSupervisor() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ProcessSupervisor.class)
				.doesNotHaveBean("processesHealthIndicator");
			assertThat(context.getBean(WorkerPools.class).pools()).extracting(WorkerPool::name)
				.containsExactly("default");
		});
	}

	@Test
	void addsAProcessesPoolWithAWorkerPerProcessAndStartsThem() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.reports.size=3", "worker.processes.destroy-timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ProcessSupervisor.class);
				WorkerPools pools = context.getBean(WorkerPools.class);
				assertThat(pools.pools()).extracting(WorkerPool::name)
					.containsExactly("default", "reports", ProcessSupervisor.POOL);
				assertThat(pools.pool(ProcessSupervisor.POOL).size()).isEqualTo(2);
				ProcessSupervisor supervisor = context.getBean(ProcessSupervisor.class);
				await().atMost(DEADLINE)
					.untilAsserted(() -> assertThat(supervisor.processes()).extracting(ProcessInfo::state)
						.containsExactly(ProcessState.RUNNING, ProcessState.RUNNING));
				assertThat(supervisor.processes()).extracting(ProcessInfo::name).containsExactly("first", "second");
				assertThat(context).hasBean("processesHealthIndicator").hasSingleBean(WorkersEndpoint.class);
			});
	}

	@Test
	void usesAConfiguredProcessesPoolWithAWorkerPerProcessWhenItsSizeIsNotSet() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.processes.max-queue-size=4")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WorkerPools.class).pool(ProcessSupervisor.POOL).size()).isEqualTo(2);
			});
	}

	@Test
	void usesALargerConfiguredProcessesPool() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.processes.size=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WorkerPools.class).pool(ProcessSupervisor.POOL).size()).isEqualTo(3);
			});
	}

	@Test
	void aConfiguredProcessesPoolTooSmallStopsStartUp() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.processes.size=1")
			.run((context) -> {
				WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.pools.processes.size");
				InvalidWorkerPropertyException invalid = WorkerAutoConfigurationTests
					.findCause(context.getStartupFailure(), InvalidWorkerPropertyException.class);
				assertThat(invalid).hasMessageContaining("first, second");
				assertThat(invalid.getAction()).startsWith("Set worker.pools.processes.size to 2 or more");
			});
	}

	@Test
	void aConfiguredProcessesPoolWithAnExecTtlStopsStartUp() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.processes.supervisor.exec-ttl=10s")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.pools.processes.supervisor.exec-ttl"));
	}

	@Test
	void aConfiguredProcessesPoolWithPathsStopsStartUp() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.pools.processes.paths=/jobs/**")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.pools.processes.paths"));
	}

	@Test
	void aBackoffThatShrinksStopsStartUp() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.processes.backoff-multiplier=0.5")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.processes.backoff-multiplier"));
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.processes.initial-backoff=2m")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.processes.max-backoff"));
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("worker.processes.initial-backoff=0")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.processes.initial-backoff"));
	}

	@Test
	void aNamedPoolCalledProcessesIsAnOrdinaryPoolWithoutProcesses() {
		this.runner.withPropertyValues("worker.pools.processes.size=1", "worker.pools.processes.paths=/p/**")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ProcessSupervisor.class);
				assertThat(context.getBean(WorkerPools.class).pool(ProcessSupervisor.POOL).size()).isOne();
			});
	}

	@Test
	void theHealthContributorIsSwitchable() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withPropertyValues("management.health.processes.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ProcessSupervisor.class)
				.doesNotHaveBean("processesHealthIndicator"));
	}

	@Test
	void metersTheProcesses() {
		this.runner.withUserConfiguration(TwoProcesses.class)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, WorkerMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("workerProcessMeters").hasBean("workerProcessGauges");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(DEADLINE)
					.untilAsserted(() -> assertThat(
							registry.get("worker.processes.running").tag("process", "first").gauge().value())
						.isOne());
				assertThat(registry.get("worker.processes.running").gauges()).hasSize(2);
				assertThat(registry.get("worker.processes.restarts").counters()).as("two processes, two causes")
					.hasSize(4)
					.allSatisfy((counter) -> assertThat(counter.count()).isZero());
				assertThat(registry.get("worker.pool.size").tag("pool", ProcessSupervisor.POOL).gauge().value())
					.isEqualTo(2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoProcesses {

		@Bean
		WorkerProcess first() {
			return (context) -> context.awaitStop(Duration.ofMinutes(5));
		}

		@Bean
		WorkerProcess second() {
			return (context) -> context.awaitStop(Duration.ofMinutes(5));
		}

	}

}
