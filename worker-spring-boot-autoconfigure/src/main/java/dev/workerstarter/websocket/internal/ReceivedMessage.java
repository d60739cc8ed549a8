package dev.workerstarter.websocket.internal;

import java.util.Map;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.websocket.WsMessage;

/**
 * A message received from a connection, as its handler sees it.
 *
 * @param connectionId the sender
 * @param event the event
 * @param headers the headers
 * @param inputData the input data
 * @param mapper converts the input data
 */
record ReceivedMessage(String connectionId, String event, Map<String, String> headers, JsonNode inputData,
		JsonMapper mapper) implements WsMessage {

	@Override
	public <T> T inputData(Class<T> type) {
		return this.mapper.treeToValue(this.inputData, type);
	}

	<T> T inputData(JavaType type) {
		return this.mapper.treeToValue(this.inputData, type);
	}

	@Override
	public String toString() {
		return "WsMessage[connection=" + this.connectionId + ", event=" + this.event + "]";
	}

}
