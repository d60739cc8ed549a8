package dev.workerstarter.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link InvalidWorkerPropertyFailureAnalyzer} finds the origin of a value rejected
 * by a real start-up: the property itself, in relaxed form, or what holds it when the
 * property itself is set nowhere.
 */
class InvalidWorkerPropertyFailureAnalyzerTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void pointsAtTheLineOfTheProperty() {
		FailureAnalysis analysis = analyzeStart(properties("""
				worker.pool.size=2
				worker.supervisor.watch-tick=0s
				"""));
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'PT0S' for property "
				+ "'worker.supervisor.watch-tick' (originating from 'Byte array resource [application.properties] - "
				+ "2:30'): the duration must be positive");
		assertThat(analysis.getAction())
			.isEqualTo("Set worker.supervisor.watch-tick to a positive duration such as 30s.");
	}

	@Test
	void pointsAtACommaSeparatedListForOneOfItsEntries() {
		FailureAnalysis analysis = analyzeStart(properties("""
				worker.pool.size=2
				worker.kernel-reboot.strategy=always,notAStrategy
				"""));
		assertThat(analysis.getDescription()).startsWith("Invalid value 'notAStrategy' for property "
				+ "'worker.kernel-reboot.strategy[1]' (originating from 'Byte array resource [application.properties] "
				+ "- 2:31'): it is neither a built-in strategy");
	}

	@Test
	void pointsAtTheFirstEntryOfAMapKeyForTheKey() {
		FailureAnalysis analysis = analyzeStart(properties("""
				worker.pool.size=2
				worker.metrics.collect.2jobs.help=Jobs done
				worker.metrics.collect.2jobs.type=counter
				"""));
		assertThat(analysis.getDescription()).startsWith("Invalid value '2jobs' for property "
				+ "'worker.metrics.collect.2jobs' (originating from 'Byte array resource [application.properties] - "
				+ "2:35'): it is not a valid Prometheus metric name");
	}

	@Test
	void findsAMapKeyThatIsNotACanonicalName() {
		FailureAnalysis analysis = analyzeStart(properties("""
				worker.pool.size=2
				worker.metrics.collect.payload_size.type=timer
				"""));
		assertThat(analysis.getDescription()).startsWith("Invalid value 'timer' for property "
				+ "'worker.metrics.collect.payload_size.type' (originating from 'Byte array resource "
				+ "[application.properties] - 2:42'): it is not a metric type");
	}

	@Test
	void doesNotTakeAKeyWithAColonForAnother() {
		FailureAnalysis analysis = analyzeStart(properties("""
				worker.pool.size=2
				worker.metrics.collect.httprequests.type=counter
				worker.metrics.collect.[http\\:requests].type=timer
				"""));
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'timer' for property "
				+ "'worker.metrics.collect.http:requests.type': it is not a metric type");
	}

	@Test
	void findsAnEnvironmentVariableByItsRelaxedName() {
		FailureAnalysis analysis = analyzeStart(
				new SystemEnvironmentPropertySource("systemEnvironment", Map.of("WORKER_POOL_SIZE", "0")));
		assertThat(analysis.getDescription()).isEqualTo("Invalid value '0' for property 'worker.pool.size' "
				+ "(originating from '\"WORKER_POOL_SIZE\" from property source \"systemEnvironment\"'): a pool needs "
				+ "at least one worker");
	}

	@Test
	void describesTheValueWithoutAnOriginWhenThereIsNoEnvironment() {
		this.runner.withPropertyValues("worker.pool.size=0").run((context) -> {
			FailureAnalysis analysis = new InvalidWorkerPropertyFailureAnalyzer(null)
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid value '0' for property 'worker.pool.size': a pool needs at least one worker");
			assertThat(analysis.getAction()).startsWith("Set worker.pool.size to 1 or more");
		});
	}

	@Test
	void leavesOtherFailuresToSpringBoot() {
		assertThat(new InvalidWorkerPropertyFailureAnalyzer(null).analyze(new IllegalStateException("other"))).isNull();
	}

	// Starts with the source ahead of the others, and analyzes the failure with the
	// context's own environment.
	private FailureAnalysis analyzeStart(PropertySource<?> source) {
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
		this.runner.withInitializer((context) -> {
			context.getEnvironment().getPropertySources().addFirst(source);
			environment.set(context.getEnvironment());
		}).run((context) -> {
			assertThat(context).hasFailed();
			analysis
				.set(new InvalidWorkerPropertyFailureAnalyzer(environment.get()).analyze(context.getStartupFailure()));
		});
		assertThat(analysis.get()).isNotNull();
		return analysis.get();
	}

	private static PropertySource<?> properties(String content) {
		ByteArrayResource resource = new ByteArrayResource(content.getBytes(StandardCharsets.ISO_8859_1),
				"application.properties");
		try {
			return new PropertiesPropertySourceLoader().load("application.properties", resource).get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
