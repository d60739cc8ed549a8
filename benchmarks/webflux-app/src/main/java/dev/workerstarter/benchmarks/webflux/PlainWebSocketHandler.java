package dev.workerstarter.benchmarks.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The baseline of the WebSocket scenario: a plain WebFlux {@link WebSocketHandler} doing
 * on the event loop what the worker listeners do. It reads every message with Jackson, as
 * the starter's converter does, and answers {@code {"event":"ECHO","input_data":X}} with
 * {@code {"event":"ECHO","data":X}} to the sender and
 * {@code {"event":"FANOUT","input_data":X}} with {@code {"event":"FANOUT","data":X}} to
 * every open connection, kept in a registry of their outbound sinks.
 */
final class PlainWebSocketHandler implements WebSocketHandler {

	static final String PATH = "/plain-ws";

	// Emitting to a connection's sink from another connection's event loop (a fan-out)
	// can race with its own reply: retry instead of dropping.
	private static final Sinks.EmitFailureHandler RETRY = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));

	private final JsonMapper json;

	private final Map<String, Sinks.Many<String>> connections = new ConcurrentHashMap<>();

	PlainWebSocketHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
		this.connections.put(session.getId(), outbound);
		Mono<Void> input = session.receive().doOnNext((message) -> received(outbound, message)).doFinally((signal) -> {
			this.connections.remove(session.getId());
			outbound.tryEmitComplete();
		}).then();
		Mono<Void> output = session.send(outbound.asFlux().map(session::textMessage));
		return Mono.when(input, output);
	}

	private void received(Sinks.Many<String> sender, WebSocketMessage message) {
		JsonNode tree = this.json.readTree(message.getPayloadAsText());
		String event = tree.path("event").asString();
		ObjectNode reply = this.json.createObjectNode().put("event", event);
		reply.set("data", tree.path("input_data"));
		String text = this.json.writeValueAsString(reply);
		if (event.equals("ECHO")) {
			sender.emitNext(text, RETRY);
		}
		else if (event.equals("FANOUT")) {
			this.connections.values().forEach((connection) -> connection.emitNext(text, RETRY));
		}
	}

	/**
	 * Returns the number of open connections.
	 * @return the open connections
	 */
	int connectionCount() {
		return this.connections.size();
	}

}
