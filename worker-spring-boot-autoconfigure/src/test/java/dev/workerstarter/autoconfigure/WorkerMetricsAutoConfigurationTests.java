package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.metrics.WorkerMetrics;
import dev.workerstarter.metrics.internal.TaskTimerMeters;
import dev.workerstarter.metrics.internal.WorkerPoolGauges;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.task.WorkerTasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WorkerMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, WorkerMetricsAutoConfiguration.class));

	@Test
	void registersTheDeclaredMetricsWithTheMeterRegistry() {
		this.runner
			.withPropertyValues("worker.metrics.collect.jobs.type=counter", "worker.metrics.collect.jobs.help=Jobs run",
					"worker.metrics.collect.user_login.type=COUNTER", "worker.metrics.collect.user_login.labels=source",
					"worker.metrics.collect.queue_depth.type=Gauge",
					"worker.metrics.collect.payload_size.type=histogram",
					"worker.metrics.collect.payload_size.buckets=100,1000",
					"worker.metrics.collect.render_time.type=summary",
					"worker.metrics.collect.render_time.objectives=0.5,0.99")
			.run((context) -> {
				assertThat(context).hasSingleBean(WorkerMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				// without labels: registered at start-up; with labels: on first use
				assertThat(registry.get("jobs").counter().getId().getDescription()).isEqualTo("Jobs run");
				assertThat(registry.get("queue_depth").gauge().value()).isZero();
				assertThat(registry.get("payload_size").summary().count()).isZero();
				assertThat(registry.find("user_login").meters()).isEmpty();
				WorkerMetrics metrics = context.getBean(WorkerMetrics.class);
				metrics.add("user_login", 2, "sso");
				metrics.set("queue_depth", 4);
				metrics.observe("render_time", 3);
				assertThat(registry.get("user_login").tag("source", "sso").counter().count()).isEqualTo(2);
				assertThat(registry.get("queue_depth").gauge().value()).isEqualTo(4);
				assertThat(registry.get("render_time").summary().count()).isOne();
			});
	}

	@Test
	void metersThePoolOfAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					WorkerAutoConfiguration.class, WorkerMetricsAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=2")
			.run((context) -> {
				assertThat(context).hasBean("workerPoolMeters").hasSingleBean(WorkerPoolGauges.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("worker.pool.size").gauge().value()).isEqualTo(2);
				assertThat(registry.get("worker.pool.workers").tag("state", "idle").gauge().value()).isEqualTo(2);
				assertThat(registry.get("worker.kernel.boot").timer().count()).as("both first kernels").isEqualTo(2);
				assertThat(registry.get("worker.job.duration").functionTimers()).hasSize(4);
				assertThat(registry.get("worker.kernel.reboots").counters()).hasSize(RebootReason.values().length);
			});
	}

	@Test
	void metersTheTasksWhereThereAreTasks() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, WorkerAutoConfiguration.class,
							WorkerTasksAutoConfiguration.class, WorkerMetricsAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=1")
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskTimerMeters.class);
				assertThat(context.getBean(WorkerTasks.class).submit(() -> "done").block(Duration.ofSeconds(10)))
					.isEqualTo("done");
				assertThat(context.getBean(MeterRegistry.class)
					.get("worker.tasks")
					.tags("pool", "default", "outcome", "success")
					.timer()
					.count()).isOne();
			});
	}

	@Test
	void leavesThePoolMetersOutWithoutAPool() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(WorkerMetrics.class)
			.doesNotHaveBean("workerPoolMeters")
			.doesNotHaveBean(WorkerPoolGauges.class));
	}

	@Test
	void providesWorkerMetricsWithoutDeclaredMetrics() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WorkerMetrics.class);
			WorkerMetrics metrics = context.getBean(WorkerMetrics.class);
			assertThatIllegalArgumentException().isThrownBy(() -> metrics.add("jobs", 1))
				.withMessageContaining("No metric named 'jobs' is declared; declared metrics: none");
			assertThat(context.getBean(MeterRegistry.class).find("jobs").meters()).isEmpty();
		});
	}

	@Test
	void usesAMeterRegistryTheApplicationDefines() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerMetricsAutoConfiguration.class))
			.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("worker.metrics.collect.jobs.type=counter")
			.run((context) -> {
				assertThat(context).hasSingleBean(WorkerMetrics.class);
				assertThat(context.getBean(SimpleMeterRegistry.class).find("jobs").counter()).isNotNull();
			});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerMetricsAutoConfiguration.class))
			.withPropertyValues("worker.metrics.collect.jobs.type=counter")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerMetricsAutoConfiguration.class))
			.withUserConfiguration(RegistryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerMetrics.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("worker.enabled=false", "worker.metrics.collect.jobs.type=counter")
			.run((context) -> {
				assertThat(context).hasSingleBean(MeterRegistry.class).doesNotHaveBean(WorkerMetrics.class);
				assertThat(context.getBean(MeterRegistry.class).find("jobs").meters()).isEmpty();
			});
	}

	@Test
	void backsOffFromAUserDefinedWorkerMetrics() {
		this.runner.withUserConfiguration(CustomMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(WorkerMetrics.class).hasBean("customWorkerMetrics"));
	}

	// Each row declares one metric: its name, its properties (separated by ';') and the
	// key the
	// failure must name, relative to worker.metrics.collect.<name> (empty for the name
	// itself).
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			jobs       | help=no type                      | type
			jobs       | type=timer                        | type
			jobs       | 'type= '                          | type
			2jobs      | type=counter                      |
			user-login | type=counter                      |
			jobs       | type=counter;labels=source,2nd    | labels[1]
			jobs       | type=counter;labels=my-label      | labels[0]
			jobs       | type=counter;labels=__name        | labels[0]
			jobs       | type=counter;labels=a,b,a         | labels[2]
			size       | type=histogram;labels=le          | labels[0]
			time       | type=summary;labels=quantile      | labels[0]
			jobs       | type=counter;buckets=1,2          | buckets
			time       | type=summary;buckets=1,2          | buckets
			size       | type=histogram;buckets=10,5       | buckets[1]
			size       | type=histogram;buckets=1,2,2      | buckets[2]
			size       | type=histogram;buckets=0,1        | buckets[0]
			size       | type=histogram;buckets=-1,1       | buckets[0]
			size       | type=histogram;objectives=0.5     | objectives
			depth      | type=gauge;objectives=0.5         | objectives
			time       | type=summary;objectives=0.5,1     | objectives[1]
			time       | type=summary;objectives=0         | objectives[0]
			time       | type=summary;objectives=1.5       | objectives[0]
			time       | type=summary;objectives=0.9,0.9   | objectives[1]
			""")
	void stopsStartUpOnABadDeclarationNamingTheKeyAndTheFix(String name, String properties, String key) {
		String prefix = "worker.metrics.collect." + name;
		String reported = (key != null) ? prefix + "." + key : prefix;
		String[] values = Arrays.stream(properties.split(";"))
			.map((property) -> prefix + "." + property)
			.toArray(String[]::new);
		this.runner.withPropertyValues(values)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, reported));
	}

	@Test
	void explainsTheTypesOnAMissingOrUnknownType() {
		this.runner.withPropertyValues("worker.metrics.collect.jobs.type=countr").run((context) -> {
			InvalidWorkerPropertyException invalid = WorkerAutoConfigurationTests.findCause(context.getStartupFailure(),
					InvalidWorkerPropertyException.class);
			assertThat(invalid.getMessage())
				.isEqualTo("Invalid value 'countr' for property 'worker.metrics.collect.jobs.type': it is not a metric "
						+ "type");
			assertThat(invalid.getAction()).contains("counter, gauge, histogram or summary");
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void injectingWorkerMetricsWithoutAMeterRegistryReportsTheMissingRegistry(CapturedOutput output) {
		SpringApplication application = new SpringApplication(NeedsMetricsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String exclude = Stream
			.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class)
			.map(Class::getName)
			.collect(Collectors.joining(","));
		assertThatException().isThrownBy(() -> application.run("--spring.autoconfigure.exclude=" + exclude,
				"--worker.metrics.collect.jobs.type=counter"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Parameter 0 of method needsMetrics in " + NeedsMetricsApplication.class.getName()
					+ " required a bean of type 'dev.workerstarter.metrics.WorkerMetrics' that could not be found. "
					+ "WorkerMetrics is auto-configured only when the application has a Micrometer MeterRegistry bean "
					+ "and worker.enabled is not false.")
			.contains("Add a MeterRegistry");
	}

	@Test
	void leavesOtherMissingBeansToSpringBoot() {
		MissingWorkerMetricsFailureAnalyzer analyzer = new MissingWorkerMetricsFailureAnalyzer();
		assertThat(analyzer.analyze(new NoSuchBeanDefinitionException(String.class))).isNull();
		FailureAnalysis analysis = analyzer.analyze(new NoSuchBeanDefinitionException(WorkerMetrics.class));
		assertThat(analysis.getDescription()).contains("required a bean of type '" + WorkerMetrics.class.getName())
			.contains("only when the application has a Micrometer MeterRegistry bean");
		assertThat(analysis.getAction()).startsWith("Add a MeterRegistry");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NeedsMetricsApplication {

		@Bean
		String needsMetrics(WorkerMetrics metrics) {
			return "uses " + metrics;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMetricsConfiguration {

		@Bean
		WorkerMetrics customWorkerMetrics(MeterRegistry registry) {
			return new WorkerMetrics(registry, List.of());
		}

	}

}
