package dev.workerstarter.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The {@code workers} endpoint is reachable over HTTP only where the application exposes
 * it and grants access to it.
 */
class WorkersEndpointExposureIntegrationTests {

	@Test
	void isNotExposedByDefault() {
		try (ConfigurableApplicationContext context = start()) {
			WebTestClient client = client(context);
			client.get().uri("/actuator/workers").exchange().expectStatus().isNotFound();
			client.post().uri("/actuator/workers/reset").exchange().expectStatus().isNotFound();
			client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		}
	}

	@Test
	void isGoneWithoutAccess() {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=workers",
				"management.endpoint.workers.access=none")) {
			client(context).get().uri("/actuator/workers").exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void cannotResetWithReadOnlyAccess() {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=workers",
				"management.endpoint.workers.access=read-only")) {
			WebTestClient client = client(context);
			client.get().uri("/actuator/workers").exchange().expectStatus().isOk();
			client.get().uri("/actuator/workers/default/1").exchange().expectStatus().isOk();
			client.post()
				.uri("/actuator/workers/reset")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "worker.pool.size=1")
			.properties(properties)
			.run();
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
