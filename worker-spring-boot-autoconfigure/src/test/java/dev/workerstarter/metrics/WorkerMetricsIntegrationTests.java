package dev.workerstarter.metrics;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics declared in YAML ({@code declared-metrics.yml}), updated by a controller on the
 * workers over real HTTP, and read from the Prometheus scrape endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=declared-metrics")
@AutoConfigureMetrics
@AutoConfigureWebTestClient
class WorkerMetricsIntegrationTests {

	@Autowired
	WebTestClient client;

	@Test
	void exposesTheDeclaredMetricsUpdatedOnWorkersToPrometheus() {
		assertThat(scrape())
			.contains("# HELP render_time Time to render a page", "# TYPE render_time summary", "render_time_count 0")
			.noneMatch((line) -> line.startsWith("user_login_total{"));

		call(this.client.post().uri("/login/password"));
		call(this.client.post().uri("/login/password"));
		call(this.client.post().uri("/login/sso"));
		call(this.client.put().uri("/queues/mail/5"));
		call(this.client.post().uri("/queues/mail/add/-2"));
		call(this.client.post().uri("/upload").bodyValue("x".repeat(50)));
		call(this.client.post().uri("/upload").bodyValue("x".repeat(2000)));
		call(this.client.get().uri("/render?millis=8"));

		assertThat(scrape()).contains("# HELP user_login_total Number of logged in users",
				"# TYPE user_login_total counter", "user_login_total{source=\"password\"} 2.0",
				"user_login_total{source=\"sso\"} 1.0", "# HELP queue_depth Messages waiting in a queue",
				"# TYPE queue_depth gauge", "queue_depth{queue=\"mail\"} 3.0",
				"# HELP payload_size Size of uploaded payloads", "# TYPE payload_size histogram",
				"payload_size_bucket{route=\"/upload\",le=\"100.0\"} 1",
				"payload_size_bucket{route=\"/upload\",le=\"1000.0\"} 1",
				"payload_size_bucket{route=\"/upload\",le=\"10000.0\"} 2",
				"payload_size_bucket{route=\"/upload\",le=\"+Inf\"} 2", "payload_size_count{route=\"/upload\"} 2",
				"payload_size_sum{route=\"/upload\"} 2050.0", "render_time{quantile=\"0.5\"} 8.0",
				"render_time{quantile=\"0.9\"} 8.0", "render_time{quantile=\"0.99\"} 8.0", "render_time_count 1",
				"render_time_sum 8.0");
	}

	@Test
	void answersAMisuseWithAnError() {
		this.client.put().uri("/misuse").exchange().expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	private static void call(WebTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).as("handled on a worker").startsWith("worker "));
	}

	private List<String> scrape() {
		String body = this.client.get()
			.uri("/actuator/prometheus")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return body.lines().toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MetricsController.class)
	static class App {

	}

	@RestController
	static class MetricsController {

		private final WorkerMetrics metrics;

		MetricsController(WorkerMetrics metrics) {
			this.metrics = metrics;
		}

		@PostMapping("/login/{source}")
		String login(@PathVariable String source) {
			this.metrics.add("user_login", 1, source);
			return worker();
		}

		@PutMapping("/queues/{queue}/{depth}")
		String depth(@PathVariable String queue, @PathVariable double depth) {
			this.metrics.set("queue_depth", depth, queue);
			return worker();
		}

		@PostMapping("/queues/{queue}/add/{delta}")
		String move(@PathVariable String queue, @PathVariable double delta) {
			this.metrics.add("queue_depth", delta, queue);
			return worker();
		}

		@PostMapping("/upload")
		String upload(@RequestBody String body) {
			this.metrics.observe("payload_size", body.length(), "/upload");
			return worker();
		}

		@GetMapping("/render")
		String render(@RequestParam double millis) {
			this.metrics.observe("render_time", millis);
			return worker();
		}

		@PutMapping("/misuse")
		String misuse() {
			this.metrics.set("user_login", 1, "password");
			return worker();
		}

		private static String worker() {
			return WorkerContext.current().map((context) -> "worker " + context.workerId()).orElse("no worker");
		}

	}

}
