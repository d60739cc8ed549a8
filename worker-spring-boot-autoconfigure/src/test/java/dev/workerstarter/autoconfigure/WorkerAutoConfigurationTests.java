package dev.workerstarter.autoconfigure;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.jfr.internal.FlightRecorderPoolListener;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.web.internal.HandledExceptionRecorder;
import dev.workerstarter.web.internal.WorkerBlockingExecutionConfigurer;
import dev.workerstarter.web.internal.WorkerDispatchFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class WorkerAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=2");

	@Test
	void configuresThePoolInAReactiveWebApplication() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WorkerPool.class)
				.hasSingleBean(WorkerDispatchFilter.class)
				.hasSingleBean(WorkerBlockingExecutionConfigurer.class)
				.hasSingleBean(HandledExceptionRecorder.class);
			assertThat(context.getBeanFactory().getRegisteredScopeNames()).contains(WorkerScope.NAME);
			WorkerPool pool = context.getBean(WorkerPool.class);
			assertThat(pool.isRunning()).isTrue();
			assertThat(pool.size()).isEqualTo(2);
			assertThat(pool.idleCount()).isEqualTo(2);
		});
	}

	@Test
	void recordsFlightEventsUnlessTheJdkLacksFlightRecorder() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(FlightRecorderPoolListener.class));
		this.runner.withClassLoader(new FilteredClassLoader("jdk.jfr"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FlightRecorderPoolListener.class));
	}

	@Test
	void observesJobsOnlyWhenARealTracerIsSetUp() {
		ReactiveWebApplicationContextRunner observed = this.runner.withBean(ObservationRegistry.class,
				ObservationRegistry::create);
		observed
			.run((context) -> assertThat(context.getBean(WorkerObservations.class)).isSameAs(WorkerObservations.NONE));
		observed.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context.getBean(WorkerObservations.class)).as("Boot's no-op tracer")
				.isSameAs(WorkerObservations.NONE));
		observed.withBean(Tracer.class, SimpleTracer::new)
			.run((context) -> assertThat(context.getBean(WorkerObservations.class))
				.isNotSameAs(WorkerObservations.NONE));
		observed.withBean(Tracer.class, SimpleTracer::new)
			.withClassLoader(new FilteredClassLoader("io.micrometer.tracing"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void defaultsToTwiceTheProcessors() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(WorkerPool.class).size())
				.isEqualTo(2 * Runtime.getRuntime().availableProcessors()));
	}

	@Test
	void bootsWorkerScopedBeansEagerlyForEachWorker() {
		this.runner.withUserConfiguration(ScopedConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ScopedConfiguration.class).created).isEqualTo(2);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("worker.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(WorkerPool.class)
				.doesNotHaveBean(WorkerDispatchFilter.class)
				.doesNotHaveBean(WorkerBlockingExecutionConfigurer.class)
				.doesNotHaveBean(HandledExceptionRecorder.class);
			assertThat(context.getBeanFactory().getRegisteredScopeNames()).doesNotContain(WorkerScope.NAME);
		});
	}

	@Test
	void backsOffOutsideReactiveWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerPool.class));
	}

	@Test
	void acceptsStrategyNamesInAnyCaseWithDashesOrUnderscores() {
		this.runner.withPropertyValues("worker.kernel-reboot.strategy=ON_EXCEPTION,max-jobs,Always,Memory")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void acceptsMiddlewaresByBeanNameAndClassName() {
		this.runner.withUserConfiguration(MiddlewareConfiguration.class)
			.withPropertyValues("worker.middlewares=namedMiddleware," + PlainMiddleware.class.getName())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					worker.pool.size                          | 0                    | worker.pool.size
					worker.pool.size                          | -3                   | worker.pool.size
					worker.pool.max-queue-size                | -1                   | worker.pool.max-queue-size
					worker.pool.allocate-timeout              | 0s                   | worker.pool.allocate-timeout
					worker.pool.destroy-timeout               | -1s                  | worker.pool.destroy-timeout
					worker.kernel-reboot.strategy             | sometimes            | worker.kernel-reboot.strategy[0]
					worker.kernel-reboot.strategy             | always,notAStrategy  | worker.kernel-reboot.strategy[1]
					worker.kernel-reboot.strategy             | namedMiddleware      | worker.kernel-reboot.strategy[0]
					worker.kernel-reboot.allowed-exceptions   | com.example.Missing  | worker.kernel-reboot.allowed-exceptions[0]
					worker.kernel-reboot.max-jobs             | 0                    | worker.kernel-reboot.max-jobs
					worker.kernel-reboot.max-jobs-dispersion  | 1.5                  | worker.kernel-reboot.max-jobs-dispersion
					worker.kernel-reboot.max-jobs-dispersion  | -0.1                 | worker.kernel-reboot.max-jobs-dispersion
					worker.middlewares                        | missingMiddleware    | worker.middlewares[0]
					worker.middlewares                        | java.lang.String     | worker.middlewares[0]
					worker.middlewares                        | namedMiddleware,notAMiddleware | worker.middlewares[1]
					worker.http.exclude-paths                 | /a/**/b/**           | worker.http.exclude-paths[0]
					worker.http.retry-after                   | -2s                  | worker.http.retry-after
					worker.supervisor.exec-ttl                | -1s                  | worker.supervisor.exec-ttl
					worker.supervisor.ttl                     | -1m                  | worker.supervisor.ttl
					worker.supervisor.idle-ttl                | -5s                  | worker.supervisor.idle-ttl
					worker.supervisor.watch-tick              | 0s                   | worker.supervisor.watch-tick
					worker.kernel-reboot.memory-threshold     | 1.5                  | worker.kernel-reboot.memory-threshold
					worker.kernel-reboot.memory-threshold     | 0                    | worker.kernel-reboot.memory-threshold
					worker.kernel-reboot.memory-threshold     | lots                 | worker.kernel-reboot.memory-threshold
					worker.kernel-reboot.memory-threshold     | 0MB                  | worker.kernel-reboot.memory-threshold
					""")
	void stopsStartUpOnABadValueNamingTheKeyAndTheFix(String property, String value, String reported) {
		List<String> extra = property.contains("max-jobs") ? List.of("worker.kernel-reboot.strategy=max_jobs")
				: List.of();
		this.runner.withUserConfiguration(MiddlewareConfiguration.class)
			.withPropertyValues(property + "=" + value)
			.withPropertyValues(extra.toArray(String[]::new))
			.run((context) -> assertFailedNaming(context, reported));
	}

	// A bad value stops start-up also when the strategy that would use it is not
	// configured.
	@ParameterizedTest(name = "{1}={2} with strategy {0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					on_exception        | worker.kernel-reboot.max-jobs             | 0                    | worker.kernel-reboot.max-jobs
					always              | worker.kernel-reboot.max-jobs             | -5                   | worker.kernel-reboot.max-jobs
					on_exception        | worker.kernel-reboot.max-jobs-dispersion  | 1.5                  | worker.kernel-reboot.max-jobs-dispersion
					always              | worker.kernel-reboot.max-jobs-dispersion  | -0.1                 | worker.kernel-reboot.max-jobs-dispersion
					memory              | worker.kernel-reboot.max-jobs-dispersion  | 1.5                  | worker.kernel-reboot.max-jobs-dispersion
					namedStrategy       | worker.kernel-reboot.max-jobs-dispersion  | 1.5                  | worker.kernel-reboot.max-jobs-dispersion
					max_jobs            | worker.kernel-reboot.allowed-exceptions   | com.example.Missing  | worker.kernel-reboot.allowed-exceptions[0]
					always              | worker.kernel-reboot.allowed-exceptions   | com.example.Missing  | worker.kernel-reboot.allowed-exceptions[0]
					memory              | worker.kernel-reboot.allowed-exceptions   | org.springframework.web.ErrorResponse,com.example.Missing | worker.kernel-reboot.allowed-exceptions[1]
					namedStrategy       | worker.kernel-reboot.allowed-exceptions   | com.example.Missing  | worker.kernel-reboot.allowed-exceptions[0]
					""")
	void stopsStartUpOnABadValueOfAStrategyThatIsNotConfigured(String strategy, String property, String value,
			String reported) {
		this.runner.withUserConfiguration(StrategyConfiguration.class)
			.withPropertyValues("worker.kernel-reboot.strategy=" + strategy, property + "=" + value)
			.run((context) -> assertFailedNaming(context, reported));
	}

	@Test
	void acceptsTheDefaultsOfStrategiesThatAreNotConfigured() {
		this.runner.withUserConfiguration(StrategyConfiguration.class)
			.withPropertyValues("worker.kernel-reboot.strategy=namedStrategy")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	// Start-up failed on the given key, and the failure analysis names it and tells the
	// fix.
	static void assertFailedNaming(ApplicationContextAssertProvider<?> context, String reported) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		InvalidWorkerPropertyException invalid = findCause(failure, InvalidWorkerPropertyException.class);
		assertThat(invalid).as("cause of %s", failure).isNotNull();
		assertThat(invalid.getName()).isEqualTo(reported);
		FailureAnalysis analysis = new InvalidWorkerPropertyFailureAnalyzer(null).analyze(failure);
		assertThat(analysis.getDescription()).contains("'" + reported + "'");
		assertThat(analysis.getAction()).isNotBlank();
	}

	@Test
	void valuesOfTheWrongTypeStopStartUpNamingTheKey() {
		this.runner.withPropertyValues("worker.pool.size=many").run((context) -> {
			assertThat(context).hasFailed();
			BindException bind = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bind).isNotNull();
			assertThat(bind.getProperty().getName().toString()).isEqualTo("worker.pool.size");
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFailedStartReportsTheKeyAndTheFix(CapturedOutput output) {
		SpringApplication application = new SpringApplication(FailingApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		assertThatException().isThrownBy(() -> application.run("--worker.kernel-reboot.max-jobs-dispersion=2",
				"--worker.kernel-reboot.strategy=max_jobs", "--server.port=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '2.0' for property 'worker.kernel-reboot.max-jobs-dispersion'")
			.contains("Set worker.kernel-reboot.max-jobs-dispersion between 0 and 1");
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class MiddlewareConfiguration {

		@Bean
		WorkerMiddleware namedMiddleware() {
			return (exchange, next) -> next.next(exchange);
		}

		@Bean
		String notAMiddleware() {
			return "plain";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StrategyConfiguration {

		@Bean
		KernelRebootStrategy namedStrategy() {
			return (job) -> false;
		}

	}

	public static class PlainMiddleware implements WorkerMiddleware {

		@Override
		public reactor.core.publisher.Mono<Void> process(org.springframework.web.server.ServerWebExchange exchange,
				dev.workerstarter.middleware.WorkerMiddlewareChain next) {
			return next.next(exchange);
		}

	}

	static class Thing {

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedConfiguration {

		int created;

		@Bean
		@WorkerScoped
		Thing scopedThing() {
			synchronized (this) {
				this.created++;
			}
			return new Thing();
		}

	}

}
