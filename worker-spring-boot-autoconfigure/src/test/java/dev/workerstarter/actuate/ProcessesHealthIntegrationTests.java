package dev.workerstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code processes} health contributor and the endpoint's {@code processes} section
 * over real HTTP while a process backs off after it threw: health is down and tells which
 * process, when it starts again and what it threw, never a stack trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.processes.initial-backoff=1h", "worker.processes.max-backoff=1h",
				"management.endpoints.web.exposure.include=workers,health",
				"management.endpoint.health.show-details=always" })
@AutoConfigureWebTestClient
class ProcessesHealthIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@Autowired
	WebTestClient client;

	@Test
	@SuppressWarnings("unchecked")
	void isDownWhileAProcessBacksOffNamingItsNextStartAndFailure() {
		// the failing process threw at start-up, before the server took requests
		Map<String, Object> processes = await().atMost(DEADLINE)
			.until(() -> (Map<String, Object>) ((Map<String, Object>) health(HttpStatus.SERVICE_UNAVAILABLE)
				.get("components")).get("processes"), (read) -> "DOWN".equals(read.get("status")));
		Map<String, Object> details = (Map<String, Object>) processes.get("details");
		assertThat((Map<String, Object>) details.get("steady")).containsOnly(Map.entry("state", "RUNNING"),
				Map.entry("restarts", 0));
		Map<String, Object> failing = (Map<String, Object>) details.get("failing");
		assertThat(failing).containsEntry("state", "BACKING_OFF")
			.containsEntry("restarts", 0)
			.containsEntry("lastExit", "exception")
			.containsEntry("lastFailure",
					Map.of("exception", IllegalArgumentException.class.getName(), "message", "no such queue"));
		assertThat(Instant.parse((String) failing.get("nextStart")))
			.isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theEndpointShowsTheProcessBackingOff() {
		Map<String, Object> failing = await().atMost(DEADLINE)
			.until(() -> ((Map<String, Map<String, Object>>) new WorkersJson(this.client).get("/actuator/workers")
				.get("processes")).get("failing"), (read) -> "BACKING_OFF".equals(read.get("state")));
		assertThat(failing).containsEntry("runningSince", null)
			.containsEntry("lastExit", "exception")
			.containsEntry("lastFailure",
					Map.of("exception", IllegalArgumentException.class.getName(), "message", "no such queue"));
		assertThat(failing.get("nextStart")).isNotNull();
	}

	private Map<String, Object> health(HttpStatus status) {
		return this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		WorkerProcess failing() {
			return (context) -> {
				throw new IllegalArgumentException("no such queue");
			};
		}

		@Bean
		WorkerProcess steady() {
			return (context) -> context.awaitStop(Duration.ofHours(1));
		}

	}

}
