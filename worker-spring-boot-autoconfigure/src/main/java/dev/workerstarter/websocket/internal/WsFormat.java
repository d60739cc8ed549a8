package dev.workerstarter.websocket.internal;

import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.websocket.WsEventExtractor;
import dev.workerstarter.websocket.WsHeadersExtractor;
import dev.workerstarter.websocket.WsInputDataExtractor;
import dev.workerstarter.websocket.WsMessageConverter;

/**
 * The message format: the converter, the extractors, and the mapper that converts input
 * data to listener methods' parameters.
 *
 * @param converter reads and writes messages
 * @param events takes the event
 * @param headers takes the headers
 * @param inputData takes the input data
 * @param mapper converts input data
 */
public record WsFormat(WsMessageConverter converter, WsEventExtractor events, WsHeadersExtractor headers,
		WsInputDataExtractor inputData, JsonMapper mapper) {
}
