package dev.workerstarter.support;

import tools.jackson.databind.JsonNode;

import dev.workerstarter.websocket.WsListener;

/**
 * The WebSocket listener most tests need: {@code ECHO} replies with its input data, under
 * the same event. Imported by a test's application.
 */
public class EchoListener {

	@WsListener("ECHO")
	public JsonNode echo(JsonNode input) {
		return input;
	}

}
