package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

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
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.middleware.WorkerMiddlewareChain;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.FinishedJob;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.web.internal.BlockingHandlerMethodsConfigurer;
import dev.workerstarter.web.internal.HandledExceptionRecorder;
import dev.workerstarter.web.internal.WorkerBlockingExecutionConfigurer;
import dev.workerstarter.web.internal.WorkerDispatchFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

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
				.hasSingleBean(BlockingHandlerMethodsConfigurer.class)
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
		this.runner.run((context) -> assertThat(context).hasBean("workerFlightRecorderListeners"));
		this.runner.withClassLoader(new FilteredClassLoader("jdk.jfr"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("workerFlightRecorderListeners"));
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
			.run((context) -> assertThat(context.getBean(WorkerObservations.class))
				.as("without Micrometer Tracing on the classpath")
				.isSameAs(WorkerObservations.NONE));
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
				.doesNotHaveBean(BlockingHandlerMethodsConfigurer.class)
				.doesNotHaveBean(HandledExceptionRecorder.class);
			assertThat(context.getBeanFactory().getRegisteredScopeNames()).doesNotContain(WorkerScope.NAME);
		});
	}

	@Test
	void backsOffOutsideReactiveWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerPool.class));
	}

	// Each spelling gives its strategy: the job (or, for memory, a collection) that only
	// it reboots on reboots the kernel with its reason.
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ON_EXCEPTION  | fail | EXCEPTION
			On-Exception  | fail | EXCEPTION
			max-jobs      | ok   | MAX_JOBS
			Max_Jobs      | ok   | MAX_JOBS
			Always        | ok   | ALWAYS
			ALWAYS        | ok   | ALWAYS
			Memory        | gc   | MEMORY
			""")
	void acceptsStrategyNamesInAnyCaseWithDashesOrUnderscores(String strategy, String trigger, RebootReason reason) {
		this.runner.withBean(RecordedEvents.class)
			.withPropertyValues("worker.kernel-reboot.strategy=" + strategy, "worker.kernel-reboot.max-jobs=1",
					"worker.kernel-reboot.max-jobs-dispersion=0", "worker.kernel-reboot.memory-threshold=1MB",
					"worker.supervisor.watch-tick=50ms")
			.run((context) -> {
				RecordedEvents events = context.getBean(RecordedEvents.class);
				if (trigger.equals("gc")) {
					System.gc(); // usage after a collection is what the memory strategy
									// sees
				}
				else {
					runJob(context.getBean(WorkerPool.class), trigger.equals("fail"));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> !events.reboots().isEmpty());
				assertThat(events.reboots()).extracting(WorkerKernelRebootedEvent::reason).containsOnly(reason);
			});
	}

	@Test
	void acceptsMiddlewaresByBeanNameAndClassName() {
		this.runner.withUserConfiguration(MiddlewareConfiguration.class)
			.withPropertyValues("worker.middlewares=namedMiddleware," + PlainMiddleware.class.getName())
			.run((context) -> {
				WebTestClient client = WebTestClient
					.bindToWebHandler((exchange) -> exchange.getResponse().setComplete())
					.webFilter(context.getBean(WorkerDispatchFilter.class))
					.build();
				client.get()
					.uri("/")
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Middleware", "named", "plain");
			});
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
					worker.pools.slow.size                    | 0                    | worker.pools.slow.size
					worker.pools.slow.max-queue-size          | -1                   | worker.pools.slow.max-queue-size
					worker.pools.slow.allocate-timeout        | 0s                   | worker.pools.slow.allocate-timeout
					worker.pools.slow.kernel-reboot.strategy  | sometimes            | worker.pools.slow.kernel-reboot.strategy[0]
					worker.pools.slow.kernel-reboot.max-jobs  | 0                    | worker.pools.slow.kernel-reboot.max-jobs
					worker.pools.slow.supervisor.exec-ttl     | -1s                  | worker.pools.slow.supervisor.exec-ttl
					worker.pools.slow.middlewares             | java.lang.String     | worker.pools.slow.middlewares[0]
					worker.pools.slow.paths                   | /ok/**,/a/**/b/**    | worker.pools.slow.paths[1]
					worker.pools.default.size                 | 2                    | worker.pools.default
					worker.pools[bad name].size               | 2                    | worker.pools.bad name
					""")
	void stopsStartUpOnABadValueNamingTheKeyAndTheFix(String property, String value, String reported) {
		List<String> extra = property.contains("max-jobs") ? List.of("worker.kernel-reboot.strategy=max_jobs")
				: List.of();
		this.runner.withUserConfiguration(MiddlewareConfiguration.class)
			.withPropertyValues(property + "=" + value)
			.withPropertyValues(extra.toArray(String[]::new))
			.run((context) -> assertFailedNaming(context, reported));
	}

	@Test
	void makesANamedPoolWithItsOwnSettingsBesideTheDefaultPool() {
		this.runner
			.withPropertyValues("worker.pool.size=1", "worker.pools.reports.size=3",
					"worker.pools.reports.max-queue-size=0", "worker.pools.reports.paths=/reports/**")
			.run((context) -> {
				WorkerPools pools = context.getBean(WorkerPools.class);
				assertThat(pools.pools()).extracting(WorkerPool::name).containsExactly("default", "reports");
				assertThat(context.getBean(WorkerPool.class)).isSameAs(pools.defaultPool());
				assertThat(pools.defaultPool().size()).isEqualTo(1);
				WorkerPool reports = pools.pool("reports");
				assertThat(reports.size()).isEqualTo(3);
				assertThat(reports.workers()).extracting(WorkerInfo::state).containsOnly(WorkerState.IDLE);
				assertThatIllegalArgumentException().isThrownBy(() -> pools.pool("nope"))
					.withMessageContaining("'nope'")
					.withMessageContaining("default, reports")
					.withMessageContaining("worker.pools.nope");
			});
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
			.withBean(RecordedEvents.class)
			.withPropertyValues("worker.kernel-reboot.strategy=namedStrategy")
			.run((context) -> {
				WorkerPool pool = context.getBean(WorkerPool.class);
				SeenJobs named = context.getBean(SeenJobs.class);
				runJob(pool, true);
				runJob(pool, false);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> named.seen.get() == 2 && pool.idleCount() == pool.size());
				RecordedEvents events = context.getBean(RecordedEvents.class);
				assertThat(events.exceptions()).as("the failed job").hasSize(1);
				assertThat(events.reboots()).as("only the named strategy decides, and it keeps the kernel").isEmpty();
				assertThat(pool.workers()).extracting(WorkerInfo::kernelBoots).containsOnly(1L);
			});
	}

	private static void runJob(WorkerPool pool, boolean failing) {
		Mono<String> work = failing ? Mono.error(new IllegalStateException("failed on purpose")) : Mono.just("done");
		pool.run((job) -> work).onErrorComplete().block(Duration.ofSeconds(10));
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
			return (exchange, next) -> {
				exchange.getResponse().getHeaders().add("X-Middleware", "named");
				return next.next(exchange);
			};
		}

		@Bean
		String notAMiddleware() {
			return "plain";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StrategyConfiguration {

		@Bean
		SeenJobs namedStrategy() {
			return new SeenJobs();
		}

	}

	/** Keeps every kernel, counting the jobs it saw. */
	static class SeenJobs implements KernelRebootStrategy {

		final AtomicInteger seen = new AtomicInteger();

		@Override
		public boolean shouldReboot(FinishedJob job) {
			this.seen.incrementAndGet();
			return false;
		}

	}

	public static class PlainMiddleware implements WorkerMiddleware {

		@Override
		public Mono<Void> process(ServerWebExchange exchange, WorkerMiddlewareChain next) {
			exchange.getResponse().getHeaders().add("X-Middleware", "plain");
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
