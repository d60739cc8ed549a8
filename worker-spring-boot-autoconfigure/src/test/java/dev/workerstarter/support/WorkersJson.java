package dev.workerstarter.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Calls the {@code workers} endpoint over real HTTP and reads its JSON as plain maps, the
 * way a monitoring script sees it.
 */
public final class WorkersJson {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	public WorkersJson(WebTestClient client) {
		this.client = client;
	}

	/**
	 * Reads a path of the endpoint, expecting {@code 200 OK}.
	 * @param path the path, such as {@code /actuator/workers}
	 * @return the JSON body
	 */
	public Map<String, Object> get(String path) {
		return read(this.client.get().uri(path));
	}

	/**
	 * Asks for an operation of the endpoint, expecting {@code 200 OK}. A reset answers
	 * once every worker is back, which may take longer than a read.
	 * @param path the path, such as {@code /actuator/workers/reset}
	 * @return the JSON body
	 */
	public Map<String, Object> post(String path) {
		return read(this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri(path));
	}

	private static Map<String, Object> read(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
	}

	/**
	 * Returns the workers of the pool's description.
	 * @param body what {@code GET /actuator/workers} answered
	 * @return the description of each worker
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> workers(Map<String, Object> body) {
		return (List<Map<String, Object>>) body.get("workers");
	}

}
