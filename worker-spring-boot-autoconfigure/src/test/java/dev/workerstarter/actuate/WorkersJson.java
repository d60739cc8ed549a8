package dev.workerstarter.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Calls the {@code workers} endpoint over real HTTP and reads its JSON as plain maps, the
 * way a monitoring script sees it.
 */
final class WorkersJson {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	WorkersJson(WebTestClient client) {
		this.client = client;
	}

	Map<String, Object> get(String path) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	// A reset answers once every worker is back, which may take longer than a read.
	Map<String, Object> post(String path) {
		return this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> workers(Map<String, Object> body) {
		return (List<Map<String, Object>>) body.get("workers");
	}

}
