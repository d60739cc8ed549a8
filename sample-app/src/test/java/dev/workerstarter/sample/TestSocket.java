package dev.workerstarter.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client on Reactor Netty that speaks the starter's message format: sends
 * {@code {"event", "headers", "input_data"}} and keeps every {@code {"event", "data"}} it
 * receives.
 */
final class TestSocket implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Queue<JsonNode> received = new ConcurrentLinkedQueue<>();

	private final Disposable connection;

	private TestSocket(URI uri) {
		this.connection = HttpClient.create()
			.websocket()
			.uri(uri)
			.handle((in, out) -> Mono.when(out.sendString(this.outbound.asFlux()),
					in.receive().asString().doOnNext((text) -> this.received.add(json.readTree(text)))))
			.subscribe();
	}

	/**
	 * Opens a connection to the sample's WebSocket endpoint.
	 * @param port the server's port
	 * @return the client; messages sent before the handshake completes wait for it
	 */
	static TestSocket connect(int port) {
		return new TestSocket(URI.create("ws://localhost:" + port + "/ws"));
	}

	void send(String event, Object inputData) {
		String text = json.writeValueAsString(Map.of("event", event, "headers", Map.of(), "input_data", inputData));
		this.outbound.emitNext(text, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	/**
	 * Waits for a message of an event whose data matches.
	 * @param event the event
	 * @param data what its data must satisfy
	 * @return the message's data
	 */
	JsonNode awaitMessage(String event, Predicate<JsonNode> data) {
		return await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> messages(event).stream().filter(data).findFirst(), (found) -> found.isPresent())
			.orElseThrow();
	}

	/**
	 * Returns the data of every message of an event received so far.
	 * @param event the event
	 * @return their data, in the order received
	 */
	List<JsonNode> messages(String event) {
		return this.received.stream()
			.filter((message) -> event.equals(message.path("event").asString()))
			.map((message) -> message.path("data"))
			.toList();
	}

	@Override
	public void close() {
		this.outbound.tryEmitComplete();
		this.connection.dispose();
	}

}
