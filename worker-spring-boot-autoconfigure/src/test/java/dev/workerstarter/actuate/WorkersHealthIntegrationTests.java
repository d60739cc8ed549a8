package dev.workerstarter.actuate;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.pool.internal.WorkerPoolGroup;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code workers} health contributor over real HTTP, in {@code /actuator/health} and
 * in the readiness group, as the pool's only worker fails to boot a kernel and recovers,
 * and as the pool drains.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "management.endpoint.health.show-details=always",
				"management.endpoint.health.group.readiness.include=readinessState,workers" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkersHealthIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@Autowired
	WebTestClient client;

	@AfterEach
	void kernelsBootAgain() {
		Fragile.failing = false;
	}

	@Test
	void isUpWithTheWorkersCountedByState() {
		Map<String, Object> workers = workers(health("/actuator/health", HttpStatus.OK));
		assertThat(workers).containsEntry("status", "UP");
		assertThat(details(workers)).containsExactlyInAnyOrderEntriesOf(
				Map.of("size", 1, "idle", 1, "busy", 0, "rebooting", 0, "failed", 0, "waiting", 0));
	}

	@Test
	void isPartOfTheReadinessGroup() {
		Map<String, Object> readiness = health("/actuator/health/readiness", HttpStatus.OK);
		assertThat(readiness).containsEntry("status", "UP");
		assertThat(components(readiness)).containsOnlyKeys("readinessState", "workers");
		assertThat(workers(readiness)).containsEntry("status", "UP");
	}

	@Test
	void isDownWhileNoWorkerHasAKernelAndUpOnceOneBootsAgain(PoolClient poolClient) {
		Fragile.failing = true;
		this.client.get().uri("/reboot").exchange().expectStatus().isOk();

		await().atMost(DEADLINE).untilAsserted(() -> {
			Map<String, Object> health = health("/actuator/health", HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(health).containsEntry("status", "DOWN");
			assertThat(workers(health)).containsEntry("status", "DOWN");
			assertThat(details(workers(health))).containsEntry("failed", 1).containsEntry("idle", 0);
		});
		Map<String, Object> readiness = health("/actuator/health/readiness", HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(workers(readiness)).containsEntry("status", "DOWN");

		Fragile.failing = false;
		// the boot is retried after 1 s, then 2 s: the worker comes back by itself
		await().atMost(DEADLINE).untilAsserted(() -> {
			Map<String, Object> health = health("/actuator/health", HttpStatus.OK);
			assertThat(workers(health)).containsEntry("status", "UP");
			assertThat(details(workers(health))).containsEntry("failed", 0);
		});
		health("/actuator/health/readiness", HttpStatus.OK);
		assertThat(poolClient.get("/work").getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void isOutOfServiceOnceThePoolStopsAccepting() {
		// its own application: a pool that stopped accepting requests never takes them
		// again
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "worker.pool.size=1", "management.endpoint.health.show-details=always",
					"management.endpoint.health.group.readiness.include=readinessState,workers")
			.run()) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
				.build();
			assertThat(workers(health(client, "/actuator/health", HttpStatus.OK))).containsEntry("status", "UP");

			context.getBean(WorkerPoolGroup.class).stopAccepting();

			Map<String, Object> health = health(client, "/actuator/health", HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(health).containsEntry("status", "OUT_OF_SERVICE");
			assertThat(workers(health)).containsEntry("status", "OUT_OF_SERVICE");
			assertThat(details(workers(health))).containsEntry("size", 1).containsEntry("idle", 1);
			Map<String, Object> readiness = health(client, "/actuator/health/readiness",
					HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(readiness).containsEntry("status", "OUT_OF_SERVICE");
		}
	}

	private Map<String, Object> health(String path, HttpStatus status) {
		return health(this.client, path, status);
	}

	private static Map<String, Object> health(WebTestClient client, String path, HttpStatus status) {
		EntityExchangeResult<Map<String, Object>> result = client.get()
			.uri(path)
			.exchange()
			.expectBody(JSON)
			.returnResult();
		assertThat(result.getStatus()).as("status of %s: %s", path, result.getResponseBody()).isEqualTo(status);
		return result.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> components(Map<String, Object> health) {
		return (Map<String, Object>) health.get("components");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> workers(Map<String, Object> health) {
		return (Map<String, Object>) components(health).get("workers");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Map<String, Object> component) {
		return (Map<String, Object>) component.get("details");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RebootController.class)
	static class App {

		@Bean
		@WorkerScoped
		Fragile fragile() {
			return new Fragile();
		}

	}

	/** A worker-scoped bean that cannot be created while {@link #failing} is set. */
	static class Fragile {

		static volatile boolean failing;

		Fragile() {
			if (failing) {
				throw new IllegalStateException("Fragile is failing on purpose");
			}
		}

		String use() {
			return "ok";
		}

	}

	@RestController
	static class RebootController {

		private final Fragile fragile;

		RebootController(Fragile fragile) {
			this.fragile = fragile;
		}

		@GetMapping("/work")
		String work() {
			return this.fragile.use();
		}

		@GetMapping("/reboot")
		String reboot() {
			WorkerContext.current().orElseThrow().requestKernelReboot();
			return this.fragile.use();
		}

	}

}
