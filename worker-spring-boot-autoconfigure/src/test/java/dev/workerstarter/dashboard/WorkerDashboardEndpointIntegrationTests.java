package dev.workerstarter.dashboard;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code workerdashboard} endpoint over real HTTP: the page and its two assets with
 * their types, the history as JSON, nothing else, and nothing outside the actuator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pools.reports.size=1", "worker.dashboard.enabled=true",
				"management.endpoints.web.exposure.include=workerdashboard" })
@AutoConfigureWebTestClient
class WorkerDashboardEndpointIntegrationTests {

	@Autowired
	WebTestClient client;

	@Test
	void servesThePage() {
		this.client.get()
			.uri("/actuator/workerdashboard")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<script src=\"workerdashboard/dashboard.js\" defer></script>"));
	}

	@Test
	void servesTheScriptAndTheStyleSheet() {
		this.client.get()
			.uri("/actuator/workerdashboard/dashboard.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/javascript;charset=UTF-8");
		this.client.get()
			.uri("/actuator/workerdashboard/dashboard.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/css;charset=UTF-8");
	}

	@Test
	void servesTheHistoryOfEveryPool() {
		this.client.get()
			.uri("/actuator/workerdashboard/history")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.sampleInterval")
			.isEqualTo("PT2S")
			.jsonPath("$.history")
			.isEqualTo("PT5M")
			.jsonPath("$.pools.default.jobs")
			.isNumber()
			.jsonPath("$.pools.reports.reboots")
			.isMap()
			.jsonPath("$.pools.reports.samples")
			.isArray();
	}

	@Test
	void servesNothingElse() {
		for (String path : new String[] { "/actuator/workerdashboard/dashboard.html",
				"/actuator/workerdashboard/..%2Fdashboard.js", "/actuator/workerdashboard/application.yml",
				"/dev/workerstarter/dashboard/dashboard.js", "/dashboard.js" }) {
			this.client.get().uri(path).exchange().expectStatus().isNotFound();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
