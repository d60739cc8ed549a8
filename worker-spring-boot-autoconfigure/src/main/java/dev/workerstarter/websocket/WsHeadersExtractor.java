package dev.workerstarter.websocket;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Takes a message's headers from the {@link WsMessageConverter}'s tree; by default the
 * fields of its {@code headers} object, as text. A bean of this type replaces the
 * default.
 */
@FunctionalInterface
public interface WsHeadersExtractor {

	/**
	 * Returns the message's headers.
	 * @param message the converted message
	 * @return the headers, empty if it has none
	 */
	Map<String, String> headers(JsonNode message);

}
