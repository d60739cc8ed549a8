package dev.workerstarter.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Actuator requests over real HTTP while the pool's only worker is held and nothing may
 * wait for it: requests that would need a worker are answered 503 at once, so an answer
 * from the actuator shows it did not go through the pool, and the pool's listener shows
 * no job started for it. With the actuator at the root, under another base path, on a
 * separate management server, next to the application's own exclusions, and put on
 * workers.
 */
class ManagementRequestsIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Test
	void actuatorAtTheRootAnswersByTheEndpointsPaths() {
		run((app) -> {
			app.holdTheWorker();
			app.client().get().uri("/health").exchange().expectStatus().isOk();
			app.client().get().uri("/health/liveness").exchange().expectStatus().isOk();
			app.client()
				.get()
				.uri("/workers")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.pools.default.idle")
				.isEqualTo(0);
			app.assertNoJobRan();
			app.client().get().uri("/ok").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			app.release();
		}, "management.endpoints.web.base-path=/");
	}

	@Test
	void actuatorUnderAnotherBasePathAnswersThereOnly() {
		run((app) -> {
			app.holdTheWorker();
			app.client().get().uri("/manage/health").exchange().expectStatus().isOk();
			app.client().get().uri("/manage/workers").exchange().expectStatus().isOk();
			app.client().get().uri("/manage").exchange().expectStatus().isOk();
			app.assertNoJobRan();
			// not the actuator's any more: a path of the application, on a worker
			app.client()
				.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			app.release();
		}, "management.endpoints.web.base-path=/manage");
	}

	@Test
	void separateManagementServerNeverUsesTheWorkers() {
		// At the root of the management server: paths that no default exclusion covers,
		// and the probes' additional paths on the application's server.
		run((app) -> {
			WebTestClient management = app.managementClient();
			app.holdTheWorker();
			management.get().uri("/health").exchange().expectStatus().isOk();
			management.get()
				.uri("/workers")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.pools.default.idle")
				.isEqualTo(0);
			management.get().uri("/").exchange().expectStatus().isOk();
			app.client().get().uri("/livez").exchange().expectStatus().isOk();
			app.client().get().uri("/readyz").exchange().expectStatus().isOk();
			app.assertNoJobRan();
			app.client().get().uri("/health").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			app.release();
			app.countFromNow();
			management.get().uri("/health").exchange().expectStatus().isOk();
			app.assertNoJobRan();
		}, "management.server.port=0", "management.endpoints.web.base-path=/",
				"management.endpoint.health.probes.add-additional-paths=true");
	}

	@Test
	void separateManagementServerNeverUsesTheWorkersEvenWhenTheActuatorIsPutOnThem() {
		run((app) -> {
			app.holdTheWorker();
			app.managementClient().get().uri("/actuator/health").exchange().expectStatus().isOk();
			app.assertNoJobRan();
			app.release();
		}, "management.server.port=0", "worker.http.exclude-management-paths=false");
	}

	@Test
	void applicationsOwnExclusionsAddToTheActuators() {
		run((app) -> {
			app.holdTheWorker();
			app.client()
				.get()
				.uri("/outside")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("none");
			app.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
			app.assertNoJobRan();
			app.client().get().uri("/ok").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			app.release();
		}, "worker.http.exclude-paths=/outside/**");
	}

	@Test
	void actuatorPutOnWorkersRunsItsRequestsAsJobs() {
		run((app) -> {
			app.holdTheWorker();
			app.client()
				.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			app.release();
			app.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
			app.pool().awaitIdle();
			assertThat(app.jobs().rejected).as("the health check while the worker was held").hasValue(1);
			assertThat(app.jobs().started).as("the health check once the worker was free").hasValue(1);
		}, "worker.http.exclude-management-paths=false");
	}

	private static void run(Consumer<RunningApp> test, String... properties) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "worker.pool.size=1", "worker.pool.max-queue-size=0",
					"management.endpoints.web.exposure.include=health,workers")
			.properties(properties)
			.run()) {
			try {
				test.accept(new RunningApp(context));
			}
			finally {
				// a failed test must not leave the worker held while the pool drains
				context.getBean(Gate.class).open();
			}
		}
	}

	/** The application a test started, with the worker it holds. */
	private static final class RunningApp {

		private final ConfigurableApplicationContext context;

		private final Gate gate;

		private final PoolClient pool;

		private final WebTestClient client;

		private CompletableFuture<ResponseEntity<String>> held = CompletableFuture.completedFuture(null);

		RunningApp(ConfigurableApplicationContext context) {
			this.context = context;
			this.gate = context.getBean(Gate.class);
			this.pool = PoolClient.of(context);
			this.client = client("local.server.port");
		}

		WebTestClient client() {
			return this.client;
		}

		WebTestClient managementClient() {
			return client("local.management.port");
		}

		PoolClient pool() {
			return this.pool;
		}

		CountedJobs jobs() {
			return this.context.getBean(CountedJobs.class);
		}

		// Takes the only worker: from now on a request on the pool is answered 503 at
		// once.
		void holdTheWorker() {
			this.gate.reset();
			this.held = this.pool.send("/held");
			await().atMost(DEADLINE).until(() -> this.gate.inside() == 1);
			countFromNow();
		}

		void countFromNow() {
			jobs().started.set(0);
			jobs().rejected.set(0);
		}

		void assertNoJobRan() {
			assertThat(jobs().started).as("jobs started").hasValue(0);
			assertThat(jobs().rejected).as("requests rejected").hasValue(0);
		}

		void release() {
			this.gate.open();
			try {
				assertThat(this.held.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).getBody()).isEqualTo("passed");
			}
			catch (Exception ex) {
				throw new IllegalStateException("The held request did not end", ex);
			}
			this.pool.awaitIdle();
		}

		private WebTestClient client(String portProperty) {
			return WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + this.context.getEnvironment().getRequiredProperty(portProperty))
				.responseTimeout(DEADLINE)
				.build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class, OutsideController.class })
	static class App {

		@Bean
		CountedJobs countedJobs() {
			return new CountedJobs();
		}

	}

	/** Counts the jobs the pool starts and the requests it rejects. */
	static class CountedJobs implements PoolListener {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger rejected = new AtomicInteger();

		@Override
		public void jobStarted(Job job) {
			this.started.incrementAndGet();
		}

		@Override
		public void rejected(RejectionReason reason) {
			this.rejected.incrementAndGet();
		}

	}

	@RestController
	static class OutsideController {

		@GetMapping("/outside")
		Mono<String> outside() {
			return Mono.fromSupplier(() -> WorkerContext.current().map((context) -> "worker").orElse("none"));
		}

	}

}
