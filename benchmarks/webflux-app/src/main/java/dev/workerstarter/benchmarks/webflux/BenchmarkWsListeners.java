package dev.workerstarter.benchmarks.webflux;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.workerstarter.websocket.WsListener;
import dev.workerstarter.websocket.WsMessage;
import dev.workerstarter.websocket.WsServer;

/**
 * The worker side of the WebSocket scenario, at {@code worker.websocket.path}: the same
 * echo and fan-out as {@link PlainWebSocketHandler}, as listeners that run on workers.
 */
@Component
@ConditionalOnProperty("worker.websocket.path")
class BenchmarkWsListeners {

	@WsListener("ECHO")
	JsonNode echo(WsMessage message) {
		return message.inputData();
	}

	@WsListener("FANOUT")
	void fanout(WsMessage message, WsServer server) {
		server.broadcast("FANOUT", message.inputData());
	}

}
