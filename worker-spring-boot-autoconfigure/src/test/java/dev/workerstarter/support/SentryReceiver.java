package dev.workerstarter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server standing in for Sentry: accepts the envelopes the real Sentry SDK
 * sends to a DSN of {@code http://key@localhost:<port>/1} and keeps their events.
 */
public final class SentryReceiver implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private volatile Duration delay = Duration.ZERO;

	public SentryReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/api/1/envelope/", this::receive);
		this.server.start();
	}

	public String dsn() {
		return "http://key@localhost:" + this.server.getAddress().getPort() + "/1";
	}

	/**
	 * Returns the events received so far, oldest first.
	 * @return the events
	 */
	public List<JsonNode> events() {
		return List.copyOf(this.events);
	}

	public void clear() {
		this.events.clear();
	}

	/**
	 * Makes the receiver take its time before it keeps an envelope and answers.
	 * @param delay the delay
	 */
	public void delayResponses(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Returns the value of a tag of an event.
	 * @param event the event
	 * @param tag the tag
	 * @return the value, or {@code null}
	 */
	public static String tag(JsonNode event, String tag) {
		JsonNode tags = event.path("tags");
		return tags.has(tag) ? tags.get(tag).asString() : null;
	}

	public static List<String> breadcrumbMessages(JsonNode event) {
		List<String> messages = new ArrayList<>();
		JsonNode breadcrumbs = event.path("breadcrumbs");
		(breadcrumbs.isArray() ? breadcrumbs : breadcrumbs.path("values"))
			.forEach((crumb) -> messages.add(crumb.path("message").asString()));
		return messages;
	}

	public static String exceptionMessage(JsonNode event) {
		JsonNode values = event.path("exception").path("values");
		return values.isEmpty() ? null : values.get(values.size() - 1).path("value").asString();
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = read(exchange);
			// a slow Sentry: what was sent is seen only once answered
			Thread.sleep(this.delay.toMillis());
			String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
			// an envelope header line, then pairs of item header and item payload
			for (int i = 1; i + 1 < lines.length; i += 2) {
				JsonNode header = json.readTree(lines[i]);
				String type = header.path("type").asString();
				if ("event".equals(type)) {
					this.events.add(json.readTree(lines[i + 1]));
				}
			}
			byte[] answer = json.writeValueAsBytes(Map.of("id", "0"));
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] read(HttpExchange exchange) throws IOException {
		boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
		try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
			return in.readAllBytes();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
