package dev.workerstarter.websocket;

import tools.jackson.databind.JsonNode;

/**
 * Takes a message's input data from the {@link WsMessageConverter}'s tree; by default its
 * {@code input_data} field. A bean of this type replaces the default.
 */
@FunctionalInterface
public interface WsInputDataExtractor {

	/**
	 * Returns the message's input data.
	 * @param message the converted message
	 * @return the input data, a missing node if it has none
	 */
	JsonNode inputData(JsonNode message);

}
